#!/usr/bin/python3
"""Gi*, DBSCAN and kernel density: borderflow beside libpysal + numpy, scikit-learn and a numpy/scipy baseline, in one run.

Data (deterministic, numpy PCG64 seeded):
  gi      N hexagon cells (pointy-top lattice, 1 km centre spacing, about
          sqrt(N) x sqrt(N)) with Poisson counts (lambda 0.6) and 40 hot patches.
  dbscan  N points: 60 % in 300 Gaussian blobs (sigma 200..3000 m), 40 %
          uniform over 400 x 400 km; eps 1000 m, min_samples 10 (unit weights).
  kde     N points as for dbscan, weights 1..20, quartic kernel, bandwidth
          5000 m, onto a 4096 x 4096 raster over the 400 x 400 km square.

Peers:
  gi      libpysal.weights.DistanceBand(threshold = 1 km * (1 + 1e-9), binary)
          + numpy (Gi* star form, Ord & Getis 1995, as tests/engine/hotspots/reference).
  dbscan  sklearn.cluster.DBSCAN(algorithm='kd_tree', n_jobs=2), in a child
          process so that its peak memory is its own.
  kde     numpy/scipy baseline: points binned to the pixels (histogram2d) and
          convolved with the sampled quartic kernel (scipy.signal.fftconvolve).
          It snaps points to pixel centres, so it agrees only approximately.

Agreement is checked before a time is printed: Gi* z equal to 1e-9 on 200
evenly spaced cells; DBSCAN core points identical; density: borderflow's
integral equals the total weight within 1 % and borderflow equals a direct sum
at 50 sample pixels to 1e-9 (the baseline's relative difference is printed).

    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBORDERFLOW_BUILD_BENCHMARKS=ON
    cmake --build build-bench -j2 --target hotspots_bench
    /usr/bin/python3 bench/hotspots_compare.py --exe build-bench/bench/hotspots_bench --sizes 100000 1000000

Needs Debian's python3-libpysal, python3-sklearn, python3-scipy.
"""
import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402


REPEAT = 1  # set from --repeat


def run_bf(exe, args):
    """Runs hotspots_bench REPEAT times: the last run's output with the median seconds, and the peak MB."""
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run(["/usr/bin/time", "-f", "%M", exe] + args, check=True, capture_output=True, text=True)
        runs.append((json.loads(out.stdout), int(out.stderr.strip().splitlines()[-1]) / 1024.0))
    result = runs[-1][0]
    result["seconds"] = statistics.median(r[0]["seconds"] for r in runs)
    return result, max(r[1] for r in runs)


def median_of(fn):
    """Calls fn() REPEAT times; fn returns (seconds, payload). Returns (median seconds, last payload)."""
    runs = [fn() for _ in range(REPEAT)]
    return statistics.median(r[0] for r in runs), runs[-1][1]


def child_peak_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


# ---------------------------------------------------------------- Gi*

def hex_cells(n, seed):
    rng = np.random.default_rng(seed)
    side = int(math.sqrt(n))
    s = 1000.0
    rows, cols = np.divmod(np.arange(side * side), side)
    x = (cols + 0.5 * (rows % 2)) * s
    y = rows * s * math.sqrt(3) / 2
    lam = np.full(side * side, 0.6)
    for _ in range(40):
        cx, cy = rng.uniform(0, side * s, 2)
        r = rng.uniform(2, 8) * s
        lam[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.uniform(3, 10)
    v = rng.poisson(lam).astype(float)
    return np.column_stack([x, y]), v, s


def gi_peer(xy, v, band):
    import libpysal
    t0 = time.perf_counter()
    w = libpysal.weights.DistanceBand(xy, threshold=band * (1 + 1e-9), binary=True, silence_warnings=True)
    t1 = time.perf_counter()
    import scipy.sparse as sp
    W = w.sparse.tocsr() + sp.identity(len(v), format="csr")
    n = len(v)
    xbar = v.mean()
    S = math.sqrt((v ** 2).mean() - xbar ** 2)
    Wi = np.asarray(W.sum(axis=1)).ravel()
    S1 = np.asarray(W.multiply(W).sum(axis=1)).ravel()
    z = (W @ v - xbar * Wi) / (S * np.sqrt((n * S1 - Wi ** 2) / (n - 1)))
    t2 = time.perf_counter()
    return z, t1 - t0, t2 - t1


# ---------------------------------------------------------------- points

def points(n, seed, weighted):
    rng = np.random.default_rng(seed)
    n_blob = int(n * 0.6)
    centres = rng.uniform(0, 400000, (300, 2))
    sig = rng.uniform(200, 3000, 300)
    k = rng.integers(0, 300, n_blob)
    blob = centres[k] + rng.normal(0, 1, (n_blob, 2)) * sig[k, None]
    unif = rng.uniform(0, 400000, (n - n_blob, 2))
    xy = np.vstack([blob, unif])
    w = rng.integers(1, 21, n).astype(float) if weighted else None
    return xy, w


DBSCAN_CHILD = r"""
import sys, time, json, resource, numpy as np
from sklearn.cluster import DBSCAN
xy = np.fromfile(sys.argv[1]).reshape(-1, 2)
t = time.perf_counter()
m = DBSCAN(eps=float(sys.argv[2]), min_samples=int(sys.argv[3]), algorithm='kd_tree', n_jobs=2).fit(xy)
s = time.perf_counter() - t
core = np.zeros(len(xy), dtype=np.uint8); core[m.core_sample_indices_] = 1
core.tofile(sys.argv[1] + '.skcore')
print(json.dumps({"seconds": s, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def quartic_direct(px, py, xy, w, h):
    d2 = (xy[:, 0] - px) ** 2 + (xy[:, 1] - py) ** 2
    m = d2 < h * h
    return float(np.sum(w[m] * 3 / (math.pi * h * h) * (1 - d2[m] / (h * h)) ** 2) * 1e6)


def kde_baseline(xy, w, h, width, ext):
    from scipy.signal import fftconvolve
    px = (ext[2] - ext[0]) / width
    t = time.perf_counter()
    hist, _, _ = np.histogram2d(xy[:, 1], xy[:, 0], bins=[width, width], range=[[ext[1], ext[3]], [ext[0], ext[2]]], weights=w)
    r = int(math.ceil(h / px))
    off = (np.arange(-r, r + 1)) * px
    dx, dy = np.meshgrid(off, off)
    d2 = dx * dx + dy * dy
    k = np.where(d2 < h * h, 3 / (math.pi * h * h) * (1 - d2 / (h * h)) ** 2, 0.0) * 1e6
    dens = fftconvolve(hist, k, mode="same")[::-1, :]  # north up
    return dens, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", required=True, help="path of bench/hotspots_bench")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100000, 1000000])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", choices=["gi", "dbscan", "kde"], nargs="+", default=["gi", "dbscan", "kde"])
    ap.add_argument("--workdir", default=os.path.expanduser("~/.cache/borderflow/bench"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; medians are printed")
    ap.add_argument("--results", default="", help="append rows to this results file (bench/results.py)")
    ap.add_argument("--grass", action="store_true", help="also run GRASS v.kernel (bench/peers/grass_kernel.py)")
    args = ap.parse_args()
    global REPEAT
    REPEAT = args.repeat
    os.makedirs(args.workdir, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; borderflow threads {args.threads}; median of {args.repeat}")
    print(f"{'workload':<8} {'n':>8} {'borderflow s':>12} {'peer s':>9} {'peer/bf':>8} {'bf MB':>7} {'peer MB':>8}  agree")
    for n in args.sizes:
        if "gi" in args.only:
            xy, v, s = hex_cells(n, seed=n)
            fx, fv = os.path.join(args.workdir, f"gi_{n}.xy.f64"), os.path.join(args.workdir, f"gi_{n}.v.f64")
            xy.tofile(fx)
            v.tofile(fv)
            bf, bf_mb = run_bf(args.exe, ["gi", fx, fv, "--band", str(s), "--threads", str(args.threads), "--sample", "200"])
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
            gi_runs = [gi_peer(xy, v, s) for _ in range(args.repeat)]
            z = gi_runs[-1][0]
            t_w = statistics.median(r[1] for r in gi_runs)
            t_z = statistics.median(r[2] for r in gi_runs)
            peer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
            worst = max(abs(z[i] - zb) / max(1.0, abs(z[i])) for i, zb in bf["z_sample"])
            ok = "yes" if worst <= 1e-9 else f"NO ({worst:.1e})"
            peer = t_w + t_z
            print(f"{'gi':<8} {len(v):>8} {bf['seconds']:>12.3f} {peer:>9.3f} {peer / bf['seconds']:>8.1f} {bf_mb:>7.0f} "
                  f"{peer_mb:>8.0f}  {ok} (z max rel diff {worst:.1e}; peer = weights {t_w:.1f} s + Gi* {t_z:.2f} s; "
                  f"script RSS before {before:.0f} MB)")
            sys.stdout.flush()
            import libpysal
            results.record(args.results, "gi", f"{len(v):,} hex cells", f"libpysal {libpysal.__version__} + numpy",
                           bf["seconds"], peer, bf_mb, peer_mb, f"{'yes' if worst <= 1e-9 else 'NO'}, z of 200 cells to {worst:.0e}",
                           args.repeat, args.threads, f"peer: weights {t_w:.1f} s + Gi* {t_z:.2f} s; peer MB = script peak",
                           at_target_size=len(v) >= 1000000)
        if "dbscan" in args.only:
            xy, _ = points(n, seed=n + 1, weighted=False)
            fx = os.path.join(args.workdir, f"db_{n}.xy.f64")
            xy.tofile(fx)
            bf, bf_mb = run_bf(args.exe, ["dbscan", fx, "-", "--eps", "1000", "--min-weight", "10", "--threads", str(args.threads)])
            def sk_run():
                out = subprocess.run([sys.executable, "-c", DBSCAN_CHILD, fx, "1000", "10"], check=True,
                                     capture_output=True, text=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                return r["seconds"], r
            sk_s, sk = median_of(sk_run)
            sk["seconds"] = sk_s
            ours = np.fromfile(fx + ".core", dtype=np.uint8)
            theirs = np.fromfile(fx + ".skcore", dtype=np.uint8)
            diff = int(np.sum(ours != theirs))
            ok = "yes" if diff == 0 else f"NO ({diff} core flags differ)"
            print(f"{'dbscan':<8} {n:>8} {bf['seconds']:>12.3f} {sk['seconds']:>9.3f} {sk['seconds'] / bf['seconds']:>8.1f} "
                  f"{bf_mb:>7.0f} {sk['peak_mb']:>8.0f}  {ok} (core points {int(ours.sum())}, {bf['clusters']} clusters)")
            sys.stdout.flush()
            import sklearn
            results.record(args.results, "dbscan", f"{n:,} points", f"scikit-learn {sklearn.__version__} kd_tree (2 jobs)",
                           bf["seconds"], sk["seconds"], bf_mb, sk["peak_mb"],
                           "yes, core points identical" if diff == 0 else f"NO, {diff} core flags differ",
                           args.repeat, args.threads, "eps 1 km, min 10", at_target_size=n >= 1000000)
        if "kde" in args.only:
            xy, w = points(n, seed=n + 2, weighted=True)
            fx, fw = os.path.join(args.workdir, f"kde_{n}.xy.f64"), os.path.join(args.workdir, f"kde_{n}.w.f64")
            xy.tofile(fx)
            w.tofile(fw)
            ext = (0.0, 0.0, 400000.0, 400000.0)
            width, h = 4096, 5000.0
            bf, bf_mb = run_bf(args.exe, ["kde", fx, fw, "--bandwidth", str(h), "--width", str(width), "--extent",
                                          ",".join(map(str, ext)), "--threads", str(args.threads), "--sample", "50"])
            t_b, dens = median_of(lambda: tuple(reversed(kde_baseline(xy, w, h, width, ext))))
            peer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
            worst_direct, worst_base = 0.0, 0.0
            px = (ext[2] - ext[0]) / width
            for cx, cy, val in bf["samples"]:
                want = quartic_direct(cx, cy, xy, w, h)
                worst_direct = max(worst_direct, abs(val - want) / max(1.0, want))
                r, c = int((ext[3] - cy) / px), int((cx - ext[0]) / px)
                worst_base = max(worst_base, abs(dens[r, c] - val) / max(1.0, val))
            total = float(w.sum())
            integ = bf["integral"]
            inside = float(w[(xy[:, 0] > h) & (xy[:, 0] < ext[2] - h) & (xy[:, 1] > h) & (xy[:, 1] < ext[3] - h)].sum())
            ok = "yes" if worst_direct <= 1e-9 and inside * 0.99 <= integ <= total * 1.01 else "NO"
            print(f"{'kde':<8} {n:>8} {bf['seconds']:>12.3f} {t_b:>9.3f} {t_b / bf['seconds']:>8.1f} {bf_mb:>7.0f} "
                  f"{peer_mb:>8.0f}  {ok} (direct sum max rel diff {worst_direct:.1e}; baseline {worst_base:.1e}; "
                  f"integral {integ:.0f} of weight {total:.0f}, {inside:.0f} inside the raster by a bandwidth)")
            sys.stdout.flush()
            agree_txt = (f"{'yes' if ok == 'yes' else 'NO'}, direct sum at 50 pixels to {worst_direct:.0e}")
            results.record(args.results, "kde", f"{n:,} points to {width}^2", "numpy/scipy FFT baseline", bf["seconds"],
                           t_b, bf_mb, peer_mb, agree_txt + f"; baseline within {worst_base:.1%} (snaps points)",
                           args.repeat, args.threads, "quartic, bandwidth 5 km; the baseline is approximate")
            if args.grass:
                here = os.path.dirname(os.path.abspath(__file__))
                g_out = subprocess.run([sys.executable, os.path.join(here, "peers", "grass_kernel.py"), "--n", str(n),
                                        "--seed", str(n + 2), "--size", str(width), "--bandwidth", str(h)],
                                       check=True, capture_output=True, text=True)
                g = json.loads(g_out.stdout.strip().splitlines()[-1])
                print(f"{'kde':<8} {n:>8} {bf['seconds']:>12.3f} {g['kernel_s']:>9.3f} {g['kernel_s'] / bf['seconds']:>8.1f} "
                      f"{bf_mb:>7.0f} {g['peak_rss_mb']:>8.0f}  GRASS v.kernel: {g}")
                sys.stdout.flush()
                results.record(args.results, "kde", f"{n:,} points to {width}^2", f"GRASS {g['grass_version']} v.kernel",
                               bf["seconds"], g["kernel_s"], bf_mb, g["peak_rss_mb"],
                               f"{'yes' if g['max_rel_diff_vs_direct'] <= 1e-6 else 'NO'}, GRASS vs direct sum at "
                               f"{g['pixels_checked']} pixels to {g['max_rel_diff_vs_direct']:.0e}",
                               1, args.threads, "v.kernel time only (import excluded); run once",
                               at_target_size=n >= 1000000)


if __name__ == "__main__":
    main()
