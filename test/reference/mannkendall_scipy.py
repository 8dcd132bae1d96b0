#!/usr/bin/python3
"""Reference values for est.mann_kendall from SciPy, for test/pgtap/trend.sql.

Run from the repository root:  /usr/bin/python3 test/reference/mannkendall_scipy.py
Writes test/reference/mannkendall_scipy.tsv (committed). For each series (t, x):
  S        sum over pairs of sign(x_j - x_i) * sign(t_j - t_i) (pairs with equal t give 0)
  var_s    Kendall's variance with ties in x and t; checked against scipy.stats.kendalltau,
           whose asymptotic (method='asymptotic') p-value is 2 * norm.sf(S / sqrt(var_s)) (asserted below)
  z, p     continuity-corrected z and two-sided p (analytics.md §3.1), scipy.stats.norm
  tau_b    scipy.stats.kendalltau(t, x).statistic (NaN written as NULL)
  slope, intercept  scipy.stats.theilslopes(x, t) (intercept = median(x) - slope * median(t))
"""
import numpy as np
import scipy
from scipy import stats

OUT = "test/reference/mannkendall_scipy.tsv"


def series():
    rng = np.random.default_rng(20261123)
    yield "increasing", np.arange(1, 6.0), np.arange(1, 6.0)
    yield "x ties", np.arange(1, 8.0), np.array([1, 2, 2, 3, 3, 3, 4.0])
    yield "counts with zeros", np.arange(1, 11.0), np.array([0, 0, 0, 0, 1, 0, 2, 3, 2, 4.0])
    yield "decreasing noisy", np.arange(1, 31.0), 50 - np.arange(30) * 0.7 + rng.normal(0, 3, 30).round(1)
    yield "t ties", np.array([1, 1, 2, 3, 3, 3, 4, 5, 5, 6.0]), np.array([2, 5, 3, 4, 4, 7, 6, 8, 5, 9.0])
    yield "irregular t", np.array([0.5, 1.25, 3, 7, 7.5, 10, 12.25, 20.0]), np.array([3, 1, 4, 1, 5, 9, 2, 6.0])
    yield "three points", np.array([1, 2, 3.0]), np.array([3, 1, 2.0])
    yield "negative values", np.arange(1, 13.0), np.array([-1.5, -2, -0.5, -3, -1, 0, -0.25, 1, 0.5, 2, 1.5, 3.0])
    yield "poisson weekly 52", np.arange(1, 53.0), rng.poisson(3 + np.arange(52) * 0.05).astype(float)
    yield "poisson 130", np.arange(1, 131.0), rng.poisson(5, 130).astype(float)
    yield "trend 130", np.arange(1, 131.0), rng.poisson(2 + np.arange(130) * 0.04).astype(float)
    yield "days since epoch", 19723 + np.arange(0, 70, 7.0), np.array([4, 6, 5, 7, 9, 8, 8, 11, 10, 12.0])


def tie_terms(v):
    _, c = np.unique(v, return_counts=True)
    c = c[c > 1].astype(float)
    return (c * (c - 1) / 2).sum(), (c * (c - 1) * (c - 2)).sum(), (c * (c - 1) * (2 * c + 5)).sum()


def fmt(v):
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else repr(float(v))


with open(OUT, "w") as f:
    f.write(f"# SciPy {scipy.__version__}, NumPy {np.__version__} (Debian python3-scipy, python3-numpy); "
            "made by test/reference/mannkendall_scipy.py\n")
    f.write("name\tt\tx\tn\ts\tvar_s\tz\tp\ttau_b\tsen_slope\tsen_intercept\n")
    for name, t, x in series():
        n = len(x)
        dt = np.sign(t[None, :] - t[:, None])
        dx = np.sign(x[None, :] - x[:, None])
        s = int(np.triu(dt * dx, 1).sum())
        m = n * (n - 1.0)
        xt, x0, x1 = tie_terms(x)
        tt, t0, t1 = tie_terms(t)
        var = (m * (2 * n + 5) - x1 - t1) / 18 + 2 * xt * tt / m + x0 * t0 / (9 * m * (n - 2))
        kt = stats.kendalltau(t, x, method='asymptotic')
        if s != 0:
            assert abs(kt.pvalue - 2 * stats.norm.sf(abs(s) / np.sqrt(var))) < 1e-12, name
        z = 0.0 if s == 0 else (s - np.sign(s)) / np.sqrt(var)
        p = 2 * stats.norm.sf(abs(z))
        ts = stats.theilslopes(x, t)
        f.write("\t".join([name, "{" + ",".join(repr(float(v)) for v in t) + "}",
                           "{" + ",".join(repr(float(v)) for v in x) + "}",
                           str(n), str(s), fmt(var), fmt(z), fmt(p), fmt(kt.statistic),
                           fmt(ts[0]), fmt(ts[1])]) + "\n")
