#!/usr/bin/env python3
"""Reference for the emerging hot spots (engine/hotspots/emerging.*), written
apart from the engine with numpy and scipy:

* a space-time cube: a 16 x 16 lattice of locations (queen neighbours: centres
  within 1.5 cells), 10 time steps, Poisson(2) counts with 3 x 3 clusters
  planted, each with the time profile of one of ArcGIS's categories;
* space-time Gi* by brute force over each bin's neighbourhood (the bins of the
  location and its neighbours in the same step and the `window` steps before),
  with the cube's mean and population standard deviation; two-sided normal p
  from scipy.stats.norm; Benjamini-Hochberg thresholds at 90/95/99 %;
* the Mann-Kendall S, variance with ties, z = S / sqrt(var) of each location's
  series of Gi* z; its p is checked here against scipy.stats.kendalltau
  (tau-b against time, asymptotic), which uses the same variance;
* the category of each location from the rules as ArcGIS words them
  (README, Trends).

Writes emerging_reference.json beside this file. Run with Debian's python3:
    /usr/bin/python3 tests/engine/hotspots/reference/make_emerging_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import stats

SIDE, T, WINDOW, ALPHA = 16, 10, 1, 0.05


def planted_cube():
    rng = np.random.default_rng(20261202)
    v = rng.poisson(2.0, size=(SIDE * SIDE, T)).astype(float)
    t = np.arange(T, dtype=float)
    profiles = {
        (1, 1): 12.0 + 4.0 * t,                      # intensifying hot
        (6, 1): np.full(T, 12.0),                    # persistent hot
        (11, 1): 48.0 - 3.5 * t,                     # diminishing hot
        (1, 6): np.where(t == T - 1, 30.0, 2.0),     # new hot
        (6, 6): np.where(t >= T - 3, 20.0, 2.0),     # consecutive hot
        (11, 6): np.where(np.isin(t, [1, 4, 9]), 22.0, 2.0),  # sporadic hot
        (1, 11): np.where(np.isin(t, [0, 5, 8, 9]), 22.0, np.where(np.isin(t, [2, 3]), 0.0, 2.0)),  # oscillating
        (6, 11): np.where(t < T - 1, 28.0 - 2.0 * t, 0.0),  # historical hot
        (11, 11): np.zeros(T),                        # persistent cold (against the background of 2)
    }
    for (x0, y0), prof in profiles.items():
        for dy in range(3):
            for dx in range(3):
                v[(y0 + dy) * SIDE + (x0 + dx), :] = prof
    return v


def queen_neighbours():
    xy = np.array([(i % SIDE, i // SIDE) for i in range(SIDE * SIDE)], dtype=float)
    nb = []
    for i in range(len(xy)):
        d = np.hypot(xy[:, 0] - xy[i, 0], xy[:, 1] - xy[i, 1])
        nb.append([int(j) for j in np.nonzero((d <= 1.5) & (np.arange(len(xy)) != i))[0]])
    return nb


def space_time_gi(v, nb):
    L = v.shape[0]
    n = v.size
    xbar = v.mean()
    s = v.std()  # population
    z = np.full((L, T), np.nan)
    for i in range(L):
        members = [i] + nb[i]
        for t in range(T):
            steps = list(range(max(0, t - WINDOW), t + 1))
            block = v[np.ix_(members, steps)]
            w = block.size
            var = (n * w - w * w) / (n - 1)
            if w < 2 or var <= 0:
                continue
            z[i, t] = (block.sum() - xbar * w) / (s * math.sqrt(var))
    p = 2.0 * stats.norm.sf(np.abs(z))
    return z, p


def bh_thresholds(p):
    ps = np.sort(p[np.isfinite(p)])
    m = len(ps)
    out = []
    for a in (0.10, 0.05, 0.01):
        ok = np.nonzero(ps <= a * np.arange(1, m + 1) / m)[0]
        out.append(float(ps[ok[-1]]) if len(ok) else -1.0)
    return out


def bins_of(z, p, thr):
    b = np.zeros(z.shape, dtype=int)
    for level, th in enumerate(thr, start=1):
        b[np.isfinite(p) & (p <= th)] = level
    return (np.sign(np.nan_to_num(z)) * b).astype(int)


def mann_kendall(x):
    x = np.asarray(x, dtype=float)
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) for i in range(n) for j in range(i + 1, n))
    _, counts = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in counts)) / 18.0
    if var <= 0:
        return float(s), var, 0.0, 1.0
    z = s / math.sqrt(var)
    p = 2.0 * stats.norm.sf(abs(z))
    tau, p_scipy = stats.kendalltau(np.arange(n), x, method="asymptotic")
    assert abs(p - p_scipy) < 1e-12, (p, p_scipy)
    return float(s), var, z, p


def category(bins, tz, tp):
    n = len(bins)
    sig = tp < ALPHA
    for sign, word in ((1, "hot"), (-1, "cold")):
        mine = [b * sign > 0 for b in bins]
        other = [b * sign < 0 for b in bins]
        k = sum(mine)
        last = mine[-1]
        at_least_90 = k / n >= 0.9 - 1e-12
        run = 0
        for m in reversed(mine):
            if not m:
                break
            run += 1
        rising = sig and tz * sign > 0
        falling = sig and tz * sign < 0
        if last and k == 1:
            return "new " + word + " spot"
        if last and run >= 2 and run == k and not at_least_90:
            return "consecutive " + word + " spot"
        if at_least_90 and last and rising:
            return "intensifying " + word + " spot"
        if at_least_90 and not sig:
            return "persistent " + word + " spot"
        if at_least_90 and last and falling:
            return "diminishing " + word + " spot"
        if last and not at_least_90 and not any(other):
            return "sporadic " + word + " spot"
        if last and not at_least_90:
            return "oscillating " + word + " spot"
        if not last and at_least_90:
            return "historical " + word + " spot"
    return "no pattern detected"


def main():
    v = planted_cube()
    nb = queen_neighbours()
    z, p = space_time_gi(v, nb)
    thr = bh_thresholds(p)
    b = bins_of(z, p, thr)
    mk = [mann_kendall(z[i][np.isfinite(z[i])]) for i in range(v.shape[0])]
    cats = [category(list(b[i]), mk[i][2], mk[i][3]) for i in range(v.shape[0])]
    offsets, index = [0], []
    for js in nb:
        index += js
        offsets.append(len(index))
    out = {
        "steps": T, "window": WINDOW, "trend_alpha": ALPHA,
        "offsets": offsets, "index": index,
        "values": v.reshape(-1).tolist(),
        "z": [None if not np.isfinite(x) else float(x) for x in z.reshape(-1)],
        "p": [None if not np.isfinite(x) else float(x) for x in p.reshape(-1)],
        "bins": b.reshape(-1).tolist(),
        "p_thresholds": thr,
        "mk_s": [m[0] for m in mk], "mk_var": [m[1] for m in mk], "mk_z": [m[2] for m in mk], "mk_p": [m[3] for m in mk],
        "categories": cats,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "emerging_reference.json"), "w") as f:
        json.dump(out, f)
    hist = {}
    for c in cats:
        hist[c] = hist.get(c, 0) + 1
    print(json.dumps(hist, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
