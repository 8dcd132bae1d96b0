#!/usr/bin/python3
"""Peer of test/bench/trend.sh: the Mann-Kendall statistics of every series with SciPy, series by
series, on the rows `series,t,x` read from stdin (ordered by series, t). Prints the compute time
(data loading excluded) on stderr and one line per series on stdout:
series, n, S, p (continuity-corrected, two-sided), tau_b, Sen slope, intercept."""
import sys
import time

import numpy as np
from scipy import stats

data = np.loadtxt(sys.stdin, delimiter="\t")
groups = np.split(data, np.flatnonzero(np.diff(data[:, 0])) + 1)

start = time.perf_counter()
out = []
for g in groups:
    t, x = g[:, 1], g[:, 2]
    n = len(x)
    s = int(np.triu(np.sign(t[None, :] - t[:, None]) * np.sign(x[None, :] - x[:, None]), 1).sum())
    _, c = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - (c * (c - 1) * (2 * c + 5)).sum()) / 18.0
    z = 0.0 if s == 0 else (s - np.sign(s)) / np.sqrt(var)
    p = 2 * stats.norm.sf(abs(z))
    tau_b = stats.kendalltau(t, x, method="asymptotic").statistic
    slope, intercept = stats.theilslopes(x, t)[:2]
    out.append((int(g[0, 0]), n, s, p, tau_b, slope, intercept))
elapsed = time.perf_counter() - start
print(f"{elapsed * 1000:.1f}", file=sys.stderr)
for r in out:
    print("\t".join([str(r[0]), str(r[1]), str(r[2])] + [repr(float(v)) for v in r[3:]]))
