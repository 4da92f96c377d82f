#!/usr/bin/python3
"""Emerging hot spots: borderflow beside a straightforward numpy/scipy
implementation of the same statistics, in one run.

Data (deterministic, numpy PCG64 seeded): a SIDE x SIDE lattice of cells
(queen neighbours, the 8 around each cell), T steps of Poisson(0.6) counts,
with 60 square patches of 5..25 cells a side whose intensity rises, falls,
stays, or appears late.

The statistics (README, Trends), timed on both sides from the cube and the
neighbour lists in memory to the categories:
  space-time Gi* of every bin (the cell and its neighbours, the step and the
  `window` steps before; the cube's mean and population s.d.), two-sided
  normal p, Benjamini-Hochberg thresholds at 90/95/99 %, the bins;
  Mann-Kendall S, variance with ties, z and p of each cell's series of z;
  ArcGIS's categories.
numpy/scipy peer: scipy.sparse (W + I) @ cube for the spatial sums, cumulative
sums over time for the window, scipy.stats.norm.sf, numpy sorts for the
thresholds and the ties, vectorised comparisons for S and the categories.

Agreement is checked before a time is printed: bin z at 200 evenly spaced
bins and trend z at 200 cells to 1e-9, and the same count of every category.

    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBORDERFLOW_BUILD_BENCHMARKS=ON
    cmake --build build-bench -j2 --target emerging_bench
    /usr/bin/python3 bench/emerging_compare.py --exe build-bench/bench/emerging_bench --cells 1000000 --steps 10

Needs Debian's python3-numpy and python3-scipy.
"""
import argparse
import json
import math
import os
import subprocess
import tempfile
import time

import numpy as np
from scipy import sparse, stats

ALPHA = 0.05


def make_cube(side, T, seed=7):
    rng = np.random.default_rng(seed)
    v = rng.poisson(0.6, size=(side, side, T)).astype(float)
    t = np.arange(T, dtype=float)
    for k in range(60):
        s = int(rng.integers(5, 26))
        x0, y0 = (int(a) for a in rng.integers(0, side - s, size=2))
        kind = k % 4
        prof = [1.0 + 0.3 * t, 4.0 - 0.3 * t, np.full(T, 2.5), np.where(t >= T - 2, 3.0, 0.0)][kind]
        v[y0:y0 + s, x0:x0 + s, :] += rng.poisson(np.maximum(prof, 0.0), size=(s, s, T))
    return v.reshape(side * side, T)


def queen_csr(side):
    L = side * side
    x = np.tile(np.arange(side), side)
    y = np.repeat(np.arange(side), side)
    rows, cols = [], []
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx == 0 and dy == 0:
                continue
            ok = (x + dx >= 0) & (x + dx < side) & (y + dy >= 0) & (y + dy < side)
            i = np.nonzero(ok)[0]
            rows.append(i)
            cols.append(i + dy * side + dx)
    rows = np.concatenate(rows)
    cols = np.concatenate(cols)
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    offsets = np.zeros(L + 1, dtype=np.uint64)
    np.cumsum(np.bincount(rows, minlength=L), out=offsets[1:])
    return offsets, cols.astype(np.uint32)


def numpy_emerging(v, offsets, index, window):
    L, T = v.shape
    deg = np.diff(offsets.astype(np.int64))
    rows = np.repeat(np.arange(L), deg)
    W = sparse.csr_matrix((np.ones(len(index)), (rows, index.astype(np.int64))), shape=(L, L))
    W = W + sparse.identity(L, format="csr")
    spatial = W @ v
    c = np.cumsum(spatial, axis=1)
    local = c.copy()
    if window + 1 < T:
        local[:, window + 1:] -= c[:, :T - window - 1]
    w = (deg + 1)[:, None] * (np.minimum(np.arange(T), window) + 1)[None, :]
    n = v.size
    xbar = v.mean()
    s = v.std()
    var = (n * w - w * w) / (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (local - xbar * w) / (s * np.sqrt(var))
    z[(w < 2) | (var <= 0)] = np.nan
    p = 2.0 * stats.norm.sf(np.abs(z))
    ps = np.sort(p[np.isfinite(p)])
    m = len(ps)
    thr = []
    for a in (0.10, 0.05, 0.01):
        ok = np.nonzero(ps <= a * np.arange(1, m + 1) / m)[0]
        thr.append(ps[ok[-1]] if len(ok) else -1.0)
    level = np.zeros(z.shape, dtype=np.int8)
    for k, th in enumerate(thr, start=1):
        level[np.isfinite(p) & (p <= th)] = k
    bins = (np.sign(np.nan_to_num(z)) * level).astype(np.int8)
    assert np.all(np.isfinite(z)), "the lattice gives every bin neighbours"
    # Mann-Kendall over each row of z.
    S = np.zeros(L)
    for i in range(T - 1):
        S += np.sign(z[:, i + 1:] - z[:, i:i + 1]).sum(axis=1)
    zs = np.sort(z, axis=1)
    run = np.ones(L)
    ties = np.zeros(L)
    for t in range(1, T):
        same = zs[:, t] == zs[:, t - 1]
        ties += np.where(same, 0.0, run * (run - 1) * (2 * run + 5))
        run = np.where(same, run + 1, 1.0)
    ties += run * (run - 1) * (2 * run + 5)
    var_s = (T * (T - 1) * (2 * T + 5) - ties) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        tz = np.where(var_s > 0, S / np.sqrt(var_s), 0.0)
    tp = np.where(var_s > 0, 2.0 * stats.norm.sf(np.abs(tz)), 1.0)
    sig = tp < ALPHA
    cat = np.full(L, "no pattern detected", dtype=object)
    done = np.zeros(L, dtype=bool)
    for sign, word in ((1, "hot"), (-1, "cold")):
        mine = bins * sign > 0
        other = bins * sign < 0
        k = mine.sum(axis=1)
        last = mine[:, -1]
        ninety = 10 * k >= 9 * T
        # Length of the final run.
        run = np.zeros(L, dtype=np.int64)
        going = np.ones(L, dtype=bool)
        for t in range(T - 1, -1, -1):
            going &= mine[:, t]
            run += going
        rising = sig & (tz * sign > 0)
        falling = sig & (tz * sign < 0)
        rules = [
            ("new", last & (k == 1)),
            ("consecutive", last & ~ninety & (run >= 2) & (run == k)),
            ("intensifying", ninety & last & rising),
            ("persistent", ninety & ~sig),
            ("diminishing", ninety & last & falling),
            ("sporadic", last & ~ninety & ~other.any(axis=1)),
            ("oscillating", last & ~ninety),
            ("historical", ~last & ninety),
        ]
        for name, rule in rules:
            hit = rule & ~done
            cat[hit] = name + " " + word + " spot"
            done |= hit
    return z, tz, cat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--cells", type=int, default=1000000)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    side = int(round(math.sqrt(args.cells)))
    v = make_cube(side, args.steps)
    offsets, index = queen_csr(side)
    with tempfile.TemporaryDirectory() as d:
        paths = [os.path.join(d, n) for n in ("v.f64", "off.u64", "idx.u32")]
        v.astype("<f8").tofile(paths[0])
        offsets.astype("<u8").tofile(paths[1])
        index.astype("<u4").tofile(paths[2])
        out = subprocess.run([args.exe, *paths, "--steps", str(args.steps), "--window", str(args.window),
                              "--threads", str(args.threads)], check=True, capture_output=True, text=True).stdout
    bf = json.loads(out)
    t0 = time.perf_counter()
    z, tz, cat = numpy_emerging(v, offsets, index, args.window)
    t_np = time.perf_counter() - t0
    flat = z.reshape(-1)
    for k, zk in bf["z_sample"]:
        assert abs(flat[k] - zk) <= 1e-9 * max(1.0, abs(zk)), (k, flat[k], zk)
    for i, zi in bf["trend_sample"]:
        assert abs(tz[i] - zi) <= 1e-9 * max(1.0, abs(zi)), (i, tz[i], zi)
    names, counts = np.unique(cat.astype(str), return_counts=True)
    hist = {str(a): int(b) for a, b in zip(names, counts)}
    assert hist == bf["categories"], (hist, bf["categories"])
    print(f"| cells | steps | window | borderflow s ({args.threads} threads) | numpy/scipy s | numpy / borderflow | agree |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {side * side:,} | {args.steps} | {args.window} | {bf['seconds']:.3f} | {t_np:.3f} | "
          f"{t_np / bf['seconds']:.1f} | z 200 bins, trend z 200 cells to 1e-9; categories {len(hist)} kinds equal |")
    print(json.dumps(hist, sort_keys=True))


if __name__ == "__main__":
    main()
