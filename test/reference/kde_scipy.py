# Reference values of est.kde from NumPy/SciPy, for est's tests.  Run from the repository root:
#     /usr/bin/python3 test/reference/kde_scipy.py
# Writes test/reference/kde_vancouver.csv and prints the binning error (docs/hotspot.md).
#
# Vancouver thefts 2020 (../shared/data, EPSG:26910, X > 0 and Y > 0), binned at 250 m cells
# (column = floor(X / 250), row = floor(Y / 250)), each cell's count placed at its centre.
# Every cell of the data extent grown by 4 cells; per cell centre j:
#     quartic_raw    = Σ_i n_i (1 − (d_ij / 1000)²)²     d_ij < 1000
#     normal_scaled  = Σ_i n_i exp(−d_ij² / (2 · 250²)) / (2 π 250²)   d_ij <= 4 · 250
# Neighbours are found with scipy.spatial.cKDTree from the coordinates (independent of est's
# integer-offset stencil).
import gzip, csv, math, sys
import numpy as np
import scipy
from scipy.spatial import cKDTree

data = "../shared/data/vancouver_thefts_2020.csv.gz"
out = "test/reference/kde_vancouver.csv"
cell, h_q, h_n = 250.0, 1000.0, 250.0

xs, ys = [], []
with gzip.open(data, "rt") as f:
    for r in csv.DictReader(f):
        try:
            x, y = float(r["X"]), float(r["Y"])
        except ValueError:
            continue
        if x > 0 and y > 0:
            xs.append(x); ys.append(y)
xs, ys = np.array(xs), np.array(ys)
col, row = np.floor(xs / cell).astype(np.int64), np.floor(ys / cell).astype(np.int64)
keys, counts = np.unique(np.stack([col, row], 1), axis=0, return_counts=True)
bx, by = (keys[:, 0] + 0.5) * cell, (keys[:, 1] + 0.5) * cell
tree = cKDTree(np.stack([bx, by], 1))
reach = 4
gc = np.arange(col.min() - reach, col.max() + reach + 1)
gr = np.arange(row.min() - reach, row.max() + reach + 1)
own = {(int(c), int(r)): int(n) for (c, r), n in zip(keys, counts)}

rows = []
for r in gr:
    for c in gc:
        px, py = (c + 0.5) * cell, (r + 0.5) * cell
        idx = tree.query_ball_point([px, py], 4 * h_n * (1 + 1e-9))
        q = nrm = 0.0
        for i in idx:
            d2 = (bx[i] - px) ** 2 + (by[i] - py) ** 2
            u2 = d2 / h_q ** 2
            if u2 < 1:
                q += counts[i] * (1 - u2) ** 2
            nrm += counts[i] * math.exp(-d2 / (2 * h_n ** 2))
        nrm /= 2 * math.pi * h_n ** 2
        rows.append((int(c), int(r), own.get((int(c), int(r)), 0), q, nrm))

with open(out, "w") as f:
    f.write("col,row,n,quartic_raw,normal_scaled\n")
    for c, r, n, q, nrm in rows:
        f.write("%d,%d,%d,%s,%s\n" % (c, r, n, repr(q), repr(nrm)))
print("wrote %s: %d cells (%d with quartic > 0), %d points in %d bins; numpy %s, scipy %s"
      % (out, len(rows), sum(1 for t in rows if t[3] > 0), len(xs), len(keys), np.__version__,
         scipy.__version__))

# the error of binning: point KDE (quartic, raw, 1000 m) at the same centres from the raw points
pt = cKDTree(np.stack([xs, ys], 1))
for cs in (250.0, 100.0):
    pc, pr = np.floor(xs / cs).astype(np.int64), np.floor(ys / cs).astype(np.int64)
    k2, n2 = np.unique(np.stack([pc, pr], 1), axis=0, return_counts=True)
    cx2, cy2 = (k2[:, 0] + 0.5) * cs, (k2[:, 1] + 0.5) * cs
    bt = cKDTree(np.stack([cx2, cy2], 1))
    errs, peak = [], 0.0
    for c, r in zip(k2[:, 0], k2[:, 1]):        # the cells holding points
        px, py = (c + 0.5) * cs, (r + 0.5) * cs
        ip = pt.query_ball_point([px, py], h_q)
        exact = sum((1 - ((xs[i] - px) ** 2 + (ys[i] - py) ** 2) / h_q ** 2) ** 2 for i in ip)
        ib = bt.query_ball_point([px, py], h_q)
        binned = sum(n2[i] * max(0.0, 1 - ((cx2[i] - px) ** 2 + (cy2[i] - py) ** 2) / h_q ** 2) ** 2 for i in ib)
        peak = max(peak, exact)
        errs.append(abs(binned - exact))
    errs = np.array(errs)
    print("cell %g m, quartic 1000 m, at the %d cells with points: |binned - point KDE| max %.3g, "
          "mean %.3g; as a share of the largest density (%.1f): max %.2f %%, mean %.3f %%"
          % (cs, len(errs), errs.max(), errs.mean(), peak, 100 * errs.max() / peak, 100 * errs.mean() / peak))
