#!/usr/bin/python3
"""Reference values for borderflow's hotspot tests (tests/engine/hotspots/),
computed with numpy/scipy, libpysal and scikit-learn: implementations
independent of borderflow. Writes reference.json beside this file.

How to rerun
------------
    /usr/bin/python3 tests/engine/hotspots/reference/make_reference.py

Needs Debian 12's python3-numpy, python3-scipy, python3-libpysal (4.7) and
python3-sklearn (1.2). Everything is deterministic: each section draws from its
own numpy.random.default_rng(SEED_...) with the fixed seeds below, and the
script asserts safety margins (no distance or p value sits on a decision
boundary), so a C++ implementation that computes in a slightly different order
must reach the same discrete answers. Nothing is rounded: floats are written
with Python's repr (round-trip exact doubles). Coordinates are in metres.

JSON layout (top-level keys)
----------------------------
"gi_grid"          Getis-Ord Gi* on an irregular (land-clipped-like) hex grid.
"gi_points"        Gi* on 400 random points, distance band and 6-NN weights.
"dbscan"           DBSCAN, 3000 points, unit weights.
"dbscan_weighted"  DBSCAN, 1500 points, integer sample weights.
"kde"              Quartic-kernel density at 30 query locations.

Getis-Ord Gi* (star form)
-------------------------
Source: Ord, J.K. & Getis, A. (1995), "Local spatial autocorrelation
statistics: distributional issues and an application", Geographical Analysis
27(4), eq. for G*_i in standardised form; it is the z-score ArcGIS "Hot Spot
Analysis (Getis-Ord Gi*)" reports (GiZScore) and PySAL's G_Local(star=True)
with binary weights. esda is not packaged in Debian, so the formula is coded
here directly on libpysal's weights:

    W  = libpysal.weights.DistanceBand(coords, threshold=band*(1+1e-9),
                                       binary=True)      (or KNN(coords, k))
    W* = W.sparse + I                  (each feature is its own neighbour, 1)
    n = number of features, xbar = mean(x),
    S = sqrt(mean(x^2) - xbar^2)       (population standard deviation)
    Wi  = sum_j w*_ij                  (self included)
    S1i = sum_j w*_ij^2
    z_i = (sum_j w*_ij x_j - xbar*Wi) / (S * sqrt((n*S1i - Wi^2)/(n-1)))
    p_i = 2*(1 - Phi(|z_i|))           (two-sided normal; norm.sf(|z|)*2)

The z are cross-checked against a second computation from cKDTree neighbour
lists (plain Python sums) to 1e-12.

Bins (ArcGIS Gi_Bin):
  "bins"     sign(z) * (3 if p <= 0.01 else 2 if p <= 0.05 else 1 if p <= 0.10
             else 0).
  "bins_fdr" ArcGIS's FDR correction (Benjamini-Hochberg step-up): for each
             alpha in (0.10, 0.05, 0.01) sort the n p values ascending, find
             the largest 1-based rank k with p_(k) <= alpha*k/n and set
             t_alpha = p_(k) (no feature passes if there is no such k); a
             feature's |bin| is the largest level (1 for 0.10, 2 for 0.05,
             3 for 0.01) with p <= t_alpha, signed by z.

libpysal 4.7 behaviour found while writing this (matters for the C++ side):
  * DistanceBand keeps pairs with d <= threshold (cKDTree
    sparse_distance_matrix). On the hex grid the diagonal lattice neighbours
    lie at 10000.0000000000836 m, not 10000 m (floating-point rounding of
    row*s*sqrt(3)/2 at y ~ 2.5e6), so threshold=s alone MISSES them; hence
    the 1e-9 relative tolerance. "band_m" holds s itself.
  * DistanceBand(binary=True) drops coincident points from each other's
    neighbours: zero distances are not stored in the sparse distance matrix
    and the binarisation keeps only entries > 0. KNN does count them. The
    data here has no coincident points.
  * Islands (no neighbour within the band): libpysal keeps them with an empty
    neighbour list (zero row in w.sparse) and only warns; with the self weight
    added their Gi* is z = (x_i - xbar)/S, a finite number, and they still
    count in n and in xbar/S. Here no point is isolated at 9000 m (asserted),
    so "isolated" is [] and no z is null; if a point were isolated its z and p
    would be written as null and it would stay in n.
  * KNN(k) queries k+1 nearest with cKDTree and removes the point itself by
    index; ties at the k-th distance are broken by cKDTree's internal order
    (not by index). The data asserts a gap between the 6th and 7th neighbour
    distances of every point, so ties cannot occur.
  * Importing libpysal warns "Remote data sets not available" (it probes the
    network for example data); harmless.

DBSCAN (sklearn.cluster.DBSCAN, algorithm='kd_tree')
----------------------------------------------------
Ester et al. (1996). A point is core when the total sample weight of the
points within distance <= eps, the point itself included, is >= min_samples
(with unit weights: at least min_samples points counting itself). Core points
within eps of each other share a cluster; non-core points within eps of a core
point are border points; the rest are noise (label -1). "core" is sklearn's
core_sample_indices_ (sorted); "labels" are sklearn's labels_. The core set is
cross-checked against a cKDTree count. CAUTION: a border point reachable from
two clusters gets the label of whichever cluster reaches it first, which
depends on visiting order (sklearn expands in index order), and cluster
numbering is arbitrary too. Compare only the core set and the partition of the
core points (up to renaming of labels); for border points, only that they are
non-noise and lie within eps of a core point of their cluster.

Kernel density (quartic / biweight kernel, as in ArcGIS Kernel Density)
------------------------------------------------------------------------
density(q) = sum_i w_i * 3/(pi*h^2) * (1 - (d_i/h)^2)^2 for d_i < h, else 0,
per square metre; "density_per_km2" = 1e6 times that (Silverman 1986, eq.
4.5 biweight kernel in 2-D). Computed by a direct (vectorised) double loop.
"""
import json
import math
import os
import sys
import warnings

# keep CPU use small (the machine may be busy)
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from scipy.stats import norm

warnings.filterwarnings("ignore", message="Remote data sets not available")
from libpysal.weights import KNN, DistanceBand  # noqa: E402
from sklearn.cluster import DBSCAN  # noqa: E402

SEED_GRID = 20240611
SEED_POINTS = 20240612
SEED_DBSCAN = 20240613
SEED_DBSCAN_W = 20240614
SEED_KDE = 20240615

TOL = 1e-9  # relative tolerance on the distance band (see the docstring)
MARGIN = 1e-7  # relative clearance required from every decision boundary

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "reference.json")


# ---------------------------------------------------------------- helpers
def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def pairs(a):
    return [[float(x), float(y)] for x, y in np.asarray(a, dtype=float)]


def gi_star(values, w_sparse):
    """Ord & Getis (1995) G*_i z-scores from a binary W (without self) in
    scipy sparse form. Returns z, p, Wi (self included)."""
    x = np.asarray(values, dtype=float)
    n = x.size
    ws = (sparse.csr_matrix(w_sparse, dtype=float) + sparse.identity(n, format="csr")).tocsr()
    xbar = x.mean()
    s = math.sqrt((x * x).mean() - xbar * xbar)
    wi = np.asarray(ws.sum(axis=1)).ravel()
    s1i = np.asarray(ws.multiply(ws).sum(axis=1)).ravel()
    num = ws @ x - xbar * wi
    den = s * np.sqrt((n * s1i - wi * wi) / (n - 1))
    z = num / den
    p = norm.sf(np.abs(z)) * 2.0
    return z, p, wi


def gi_star_lists(values, nbrs):
    """Second, loop-based computation of the same z from neighbour lists."""
    x = [float(v) for v in values]
    n = len(x)
    xbar = sum(x) / n
    s = math.sqrt(sum(v * v for v in x) / n - xbar * xbar)
    out = []
    for i in range(n):
        js = [i] + list(nbrs[i])
        wi = float(len(js))
        lag = sum(x[j] for j in js)
        out.append((lag - xbar * wi) / (s * math.sqrt((n * wi - wi * wi) / (n - 1))))
    return np.array(out)


def bins_plain(z, p):
    lvl = np.where(p <= 0.01, 3, np.where(p <= 0.05, 2, np.where(p <= 0.10, 1, 0)))
    return [int(v) for v in (np.sign(z).astype(int) * lvl)]


def bins_fdr(z, p):
    n = p.size
    ps = np.sort(p)
    ranks = np.arange(1, n + 1)
    lvl = np.zeros(n, dtype=int)
    thresholds = {}
    for level, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
        crit = alpha * ranks / n
        ok = np.nonzero(ps <= crit)[0]
        # margin: no sorted p sits on its own BH line
        gap = np.min(np.abs(ps - crit) / crit)
        assert gap > MARGIN, ("p on a BH line", alpha, gap)
        if ok.size == 0:
            thresholds[alpha] = None
            continue
        t = ps[ok[-1]]
        thresholds[alpha] = float(t)
        lvl = np.where(p <= t, level, lvl)
    return [int(v) for v in (np.sign(z).astype(int) * lvl)], thresholds


def check_p_margins(p):
    for c in (0.01, 0.05, 0.10):
        gap = np.min(np.abs(p - c)) / c
        assert gap > MARGIN, ("p on a bin cut", c, gap)


def check_band_margin(coords, band):
    """No pair distance within MARGIN (relative) of band, except pairs that
    are exactly lattice neighbours (checked by the caller via TOL)."""
    tree = cKDTree(coords)
    lo = tree.query_pairs(band * (1 - MARGIN))
    hi = tree.query_pairs(band * (1 + MARGIN))
    return len(hi - lo)


def neighbour_lists(coords, r):
    tree = cKDTree(coords)
    nb = [[] for _ in range(len(coords))]
    for i, j in tree.query_pairs(r):
        nb[i].append(j)
        nb[j].append(i)
    return [sorted(v) for v in nb]


def w_from_lib(w, n):
    assert list(w.id_order) == list(range(n))
    return w.sparse


# ---------------------------------------------------------------- 1. grid
def make_gi_grid():
    rng = np.random.default_rng(SEED_GRID)
    rows, cols, s = 20, 25, 10000.0
    x0, y0 = 500000.0, 2500000.0

    def centre(r, c):
        return (x0 + (c + 0.5 * (r % 2)) * s, y0 + r * s * math.sqrt(3) / 2)

    keep = rng.random((rows, cols)) >= 0.10
    hot_rc = (6, 17)
    hx, hy = centre(*hot_rc)
    for r in range(rows):  # the hot patch (centre + first ring) is always kept
        for c in range(cols):
            cx, cy = centre(r, c)
            if math.hypot(cx - hx, cy - hy) <= s * (1 + TOL):
                keep[r, c] = True
    cells = [(r, c) for r in range(rows) for c in range(cols) if keep[r, c]]
    coords = np.array([centre(r, c) for r, c in cells])
    nb = neighbour_lists(coords, s * (1 + TOL))
    isolated = [i for i, v in enumerate(nb) if not v]
    cells = [rc for i, rc in enumerate(cells) if i not in set(isolated)]
    coords = np.array([centre(r, c) for r, c in cells])
    n = len(cells)

    # values: Poisson(0.5), a hot patch Poisson(8), a cold-ish block of zeros
    values = rng.poisson(0.5, n).astype(float)
    hot = [i for i, (cx, cy) in enumerate(coords) if math.hypot(cx - hx, cy - hy) <= s * (1 + TOL)]
    values[hot] = rng.poisson(8.0, len(hot))
    cold = [i for i, (r, c) in enumerate(cells) if 12 <= r <= 16 and 3 <= c <= 9]
    values[cold] = 0.0

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w = DistanceBand(coords, threshold=s * (1 + TOL), binary=True)
    assert not w.islands, w.islands
    nbrs = [sorted(w.neighbors[i]) for i in range(n)]
    nb2 = neighbour_lists(coords, s * (1 + TOL))
    assert nbrs == nb2
    # every neighbour pair is a lattice neighbour (|d - s| tiny), and the band
    # is far from the next lattice distance s*sqrt(3)
    d = [math.hypot(*(coords[i] - coords[j])) for i in range(n) for j in nbrs[i]]
    assert max(abs(v - s) for v in d) < s * 1e-12
    assert all(len(v) <= 6 for v in nbrs)

    z, p, wi = gi_star(values, w_from_lib(w, n))
    z2 = gi_star_lists(values, nbrs)
    assert np.max(np.abs(z - z2)) < 1e-12, np.max(np.abs(z - z2))
    check_p_margins(p)
    fdr, thr = bins_fdr(z, p)

    dnn, _ = cKDTree(coords).query(coords, k=2)
    min_band = float(np.max(dnn[:, 1]))

    out = {
        "cell_size_m": s,
        "rows": rows,
        "cols": cols,
        "x0": x0,
        "y0": y0,
        "cells": [[int(r), int(c)] for r, c in cells],
        "coords": pairs(coords),
        "values": floats(values),
        "band_m": s,
        "z": floats(z),
        "p": floats(p),
        "n_neighbors": [len(v) for v in nbrs],
        "bins": bins_plain(z, p),
        "bins_fdr": fdr,
        "min_band_m": min_band,
    }
    info = {
        "cells": n,
        "dropped_isolated": len(isolated),
        "hot_cells": len(hot),
        "cold_cells": len(cold),
        "fdr_thresholds": thr,
        "libpysal_warnings": len(caught),
    }
    return out, info


# ---------------------------------------------------------------- 2. points
def make_gi_points():
    rng = np.random.default_rng(SEED_POINTS)
    n, band, k = 400, 9000.0, 6
    x0, y0 = 300000.0, 2400000.0
    coords = np.column_stack([x0 + rng.uniform(0, 100000.0, n), y0 + rng.uniform(0, 80000.0, n)])
    values = rng.gamma(2.0, 1.0, n)
    cx, cy = x0 + 30000.0, y0 + 50000.0
    hot = np.hypot(coords[:, 0] - cx, coords[:, 1] - cy) <= 10000.0
    values[hot] += rng.gamma(5.0, 2.0, int(hot.sum()))

    # no two pair distances equal, and none near the band
    tree = cKDTree(coords)
    dmat = tree.sparse_distance_matrix(tree, 2e5).tocoo()
    dd = dmat.data[dmat.row < dmat.col]
    assert dd.size == n * (n - 1) // 2
    assert np.unique(dd).size == dd.size, "duplicate pair distances"
    assert np.min(dd) > 0
    assert np.min(np.abs(dd - band)) / band > MARGIN

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        wb = DistanceBand(coords, threshold=band * (1 + TOL), binary=True)
    nb_band = [sorted(wb.neighbors[i]) for i in range(n)]
    assert nb_band == neighbour_lists(coords, band)
    isolated = [i for i in range(n) if not nb_band[i]]
    assert sorted(wb.islands) == isolated
    z, p, _ = gi_star(values, w_from_lib(wb, n))
    assert np.max(np.abs(z - gi_star_lists(values, nb_band))) < 1e-12
    check_p_margins(np.delete(p, isolated))

    wk = KNN(coords, k=k)
    nb_knn = [sorted(int(j) for j in wk.neighbors[i]) for i in range(n)]
    dk, ik = tree.query(coords, k=k + 2)
    # column 0 is the point itself; gap between the k-th and (k+1)-th neighbour
    assert np.all(ik[:, 0] == np.arange(n))
    assert np.min((dk[:, k + 1] - dk[:, k]) / dk[:, k]) > MARGIN
    assert nb_knn == [sorted(int(j) for j in ik[i, 1:k + 1]) for i in range(n)]
    zk, pk, _ = gi_star(values, w_from_lib(wk, n))
    assert np.max(np.abs(zk - gi_star_lists(values, nb_knn))) < 1e-12

    zo = [None if i in isolated else float(z[i]) for i in range(n)]
    po = [None if i in isolated else float(p[i]) for i in range(n)]
    out = {
        "coords": pairs(coords),
        "values": floats(values),
        "band_m": band,
        "z": zo,
        "p": po,
        "n_neighbors": [len(v) for v in nb_band],
        "isolated": isolated,
        "k": k,
        "z_knn": floats(zk),
        "p_knn": floats(pk),
        "neighbors_knn": nb_knn,
    }
    info = {
        "points": n,
        "hot_points": int(hot.sum()),
        "isolated": isolated,
        "min_neighbors_band": min(len(v) for v in nb_band),
        "bins_band": bins_plain(z, p),
        "bins_knn": bins_plain(zk, pk),
    }
    return out, info


# ---------------------------------------------------------------- 3/4. DBSCAN
def blobs(rng, n_total, n_blobs, box, background_share):
    n_bg = int(round(n_total * background_share))
    n_bl = n_total - n_bg
    sizes = rng.multinomial(n_bl, np.full(n_blobs, 1.0 / n_blobs))
    centres = rng.uniform(20000.0, box - 20000.0, (n_blobs, 2))
    sigmas = rng.uniform(600.0, 5000.0, n_blobs)
    parts = [rng.normal(centres[b], sigmas[b], (sizes[b], 2)) for b in range(n_blobs)]
    parts.append(rng.uniform(0.0, box, (n_bg, 2)))
    pts = np.vstack(parts)
    pts = pts[rng.permutation(n_total)]  # mix so that index order is not by blob
    return pts + np.array([400000.0, 2300000.0])


def dbscan_case(pts, eps, min_w, weights=None):
    n = len(pts)
    tree = cKDTree(pts)
    # no pair distance within MARGIN of eps
    assert check_band_margin(pts, eps) == 0
    model = DBSCAN(eps=eps, min_samples=min_w, algorithm="kd_tree")
    if weights is None:
        model.fit(pts)
        w = np.ones(n)
    else:
        model.fit(pts, sample_weight=weights)
        w = np.asarray(weights, dtype=float)
    core = sorted(int(i) for i in model.core_sample_indices_)
    # independent check of the core rule: weight within <= eps, self included
    nb = tree.query_ball_point(pts, eps)
    core2 = [i for i in range(n) if w[nb[i]].sum() >= min_w]
    assert core == core2
    labels = [int(v) for v in model.labels_]
    return core, labels


def make_dbscan():
    rng = np.random.default_rng(SEED_DBSCAN)
    pts = blobs(rng, 3000, 8, 200000.0, 0.2)
    eps, ms = 2500.0, 5
    core, labels = dbscan_case(pts, eps, ms)
    out = {"points": pairs(pts), "eps_m": eps, "min_samples": ms, "core": core, "labels": labels}
    return out, {"points": len(pts), "core": len(core), "clusters": len(set(labels) - {-1}),
                 "noise": labels.count(-1)}


def make_dbscan_weighted():
    rng = np.random.default_rng(SEED_DBSCAN_W)
    pts = blobs(rng, 1500, 6, 200000.0, 0.25)
    weights = rng.integers(1, 7, len(pts))  # 1..6
    eps, mw = 3000.0, 8
    core, labels = dbscan_case(pts, eps, mw, weights)
    out = {"points": pairs(pts), "weights": [int(v) for v in weights], "eps_m": eps,
           "min_weight": mw, "core": core, "labels": labels}
    return out, {"points": len(pts), "core": len(core), "clusters": len(set(labels) - {-1}),
                 "noise": labels.count(-1), "total_weight": int(weights.sum())}


# ---------------------------------------------------------------- 5. KDE
def make_kde():
    rng = np.random.default_rng(SEED_KDE)
    x0, y0, h = 600000.0, 2600000.0, 6000.0
    pts = np.column_stack([x0 + rng.uniform(0, 40000.0, 60), y0 + rng.uniform(0, 30000.0, 60)])
    weights = rng.integers(1, 11, 60).astype(float)  # 1..10
    q = np.column_stack([x0 + rng.uniform(-5000.0, 45000.0, 25), y0 + rng.uniform(-5000.0, 35000.0, 25)])
    q = np.vstack([q, pts[[0, 7, 33]], [[x0 + 20000.0, y0 + 15000.0], [x0 - 20000.0, y0 - 20000.0]]])
    assert len(q) == 30
    d = np.hypot(q[:, None, 0] - pts[None, :, 0], q[:, None, 1] - pts[None, :, 1])
    assert np.min(np.abs(d - h)) / h > MARGIN
    u2 = (d / h) ** 2
    k = np.where(d < h, 3.0 / (math.pi * h * h) * (1.0 - u2) ** 2, 0.0)
    dens = (k * weights[None, :]).sum(axis=1) * 1e6
    out = {"points": pairs(pts), "weights": floats(weights), "bandwidth_m": h, "samples": pairs(q),
           "density_per_km2": floats(dens), "total_weight": float(weights.sum())}
    return out, {"points": 60, "samples": 30, "zero_density_samples": int(np.sum(dens == 0)),
                 "max_density_per_km2": float(dens.max())}


def count_bins(b):
    return {lvl: b.count(lvl) for lvl in (-3, -2, -1, 1, 2, 3) if b.count(lvl)}


def main():
    grid, gi = make_gi_grid()
    points, pi = make_gi_points()
    db, di = make_dbscan()
    dbw, dwi = make_dbscan_weighted()
    kde, ki = make_kde()
    ref = {"gi_grid": grid, "gi_points": points, "dbscan": db, "dbscan_weighted": dbw, "kde": kde}
    with open(OUT, "w") as f:
        json.dump(ref, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    size = os.path.getsize(OUT)

    print("gi_grid: %d cells (%d isolated dropped), hot patch %d cells, cold block %d cells"
          % (gi["cells"], gi["dropped_isolated"], gi["hot_cells"], gi["cold_cells"]))
    print("  min_band_m = %r" % grid["min_band_m"])
    print("  bins     (level: count) %s" % count_bins(grid["bins"]))
    print("  bins_fdr (level: count) %s   thresholds %s" % (count_bins(grid["bins_fdr"]), gi["fdr_thresholds"]))
    print("  z range [%.4f, %.4f]" % (min(grid["z"]), max(grid["z"])))
    print("gi_points: %d points, %d in hot cluster, isolated %s, min neighbours in band %d"
          % (pi["points"], pi["hot_points"], pi["isolated"], pi["min_neighbors_band"]))
    print("  band bins %s   knn bins %s" % (count_bins(pi["bins_band"]), count_bins(pi["bins_knn"])))
    print("dbscan: %d points, %d core, %d clusters, %d noise" % (di["points"], di["core"], di["clusters"], di["noise"]))
    print("dbscan_weighted: %d points (total weight %d), %d core, %d clusters, %d noise"
          % (dwi["points"], dwi["total_weight"], dwi["core"], dwi["clusters"], dwi["noise"]))
    print("kde: %d points, %d samples, %d with zero density, max %.6f per km2"
          % (ki["points"], ki["samples"], ki["zero_density_samples"], ki["max_density_per_km2"]))
    print("wrote %s (%d bytes)" % (OUT, size))
    assert size < 1_500_000, "reference.json too large"
    return 0


if __name__ == "__main__":
    sys.exit(main())
