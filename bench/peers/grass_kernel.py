#!/usr/bin/python3
"""GRASS GIS v.kernel peer of borderflow's kernel density (bench/hotspots_compare.py, kde).

    /usr/bin/python3 bench/peers/grass_kernel.py --n 10000 [--seed S] [--size 4096] \
        [--bandwidth 5000] [--weights classes|replicate] [--samples 50]

Workload (the kde part of hotspots_compare.py): N points from its points()
(seed N + 2 unless --seed), weights 1..20, quartic kernel, bandwidth 5000 m,
a --size x --size raster over the 400 x 400 km square (0, 0, 400000, 400000),
density evaluated at the pixel centres.

GRASS 8.2 (Debian 12's grass-core) is run non-interactively in a throw-away
location: `grass --tmp-location EPSG:32646 --exec /usr/bin/python3 THIS --_inner`
(the CRS only gives metres; the points are synthetic planar coordinates).
Inside it: g.region to the same extent and size, then

* import_s: v.in.ascii -t (points, no attribute table, topology built: v.kernel
  opens its input at level 2).
* kernel_s: `v.kernel input=... output=... radius=BANDWIDTH kernel=quartic`,
  wall time; peak_rss_mb from /usr/bin/time -f %M around it.

Weights: v.kernel of GRASS 8.2 has no weight option (no weight_column), and
density is linear in the weights, so the weighted density is obtained exactly
in one of two ways:
  classes (default): one map per weight value k = 1..20 (v.in.ascii each), one
          v.kernel run each with multiplier=k, summed by r.mapcalc;
          kernel_s = all the v.kernel runs + the r.mapcalc sum (kernel_runs_s
          lists the runs, mapcalc_s the sum), peak_rss_mb = the largest run.
          v.kernel's work grows with N plus a fixed cost per run (~1 s for
          4096^2 cells here).
  replicate: each point is imported w times; one v.kernel run over sum(w)
          (~10.5 N) points. Exact too, but v.kernel's work grows with sum(w):
          at N = 100 000 it took 399 s against 101 s for classes here.

What v.kernel computes (vector/v.kernel/function.c, main.c): for each cell
centre, the sum over points within `radius` of term * (1 - (d/radius)^2)^2 with
term = 16 / (5 pi radius^2) * 15/16 = 3 / (pi radius^2); the radius is the
kernel's support radius, i.e. the same bandwidth h as borderflow's quartic
(only the gaussian kernel divides the radius by 4). That is the density per
map unit^2 (m^2); borderflow and quartic_direct() give it per km^2, so
borderflow = 1e6 * v.kernel (scale_factor, measured as the median ratio
direct / GRASS over the checked pixels; v.kernel's multiplier=1e6 would make
the maps equal). Points outside the region still contribute near its edges, as
in the direct sum.

Check: r.what at --samples pixel centres (half at the pixels of randomly chosen
input points, so the density is non-zero, half at random pixels), compared with
hotspots_compare.quartic_direct (the exact sum over all points):
max_rel_diff_vs_direct = max |1e6 * grass - direct| / direct over the pixels
where the direct sum is > 0 (pixels where it is 0 must read 0:
zero_pixels_nonzero_in_grass counts those that do not; r.what prints 15
significant digits, so ~1e-14 is agreement).

Cost: v.kernel (single-threaded) evaluates every cell against every point in a
2h x (2h + 32 cells) box around it (the spatial-index query is made once per
32 cells of a row), so its time is ~ a fixed cost per run for the 4096^2
cells + cells x points per box, i.e. linear in the number of points it is
given.

Output: one JSON object on stdout, progress and GRASS messages on stderr;
exit status non-zero (and no JSON) on failure. Keys: n, seed, size, bandwidth,
weights, points_imported, import_s, kernel_s, kernel_runs_s, (mapcalc_s),
peak_rss_mb, pixels_checked, pixels_nonzero, zero_pixels_nonzero_in_grass,
max_rel_diff_vs_direct, scale_factor, grass_version. An interrupt (Ctrl-C,
SIGTERM) ends the GRASS session and removes the work folder.

Needs: grass-core (GRASS 8.2), /usr/bin/time (package time), numpy; imports
bench/hotspots_compare.py.
"""
import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..")))
from hotspots_compare import points, quartic_direct  # noqa: E402  (same workload, same reference sum)

EXTENT = (0.0, 0.0, 400000.0, 400000.0)  # as hotspots_compare.py's kde
CRS = "EPSG:32646"
MAX_WEIGHT = 20  # points(): weights are integers 1..20
SCALE = 1e6  # m^2 -> km^2: borderflow / quartic_direct = SCALE * v.kernel


def log(msg):
    print(f"grass_kernel: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------- inside GRASS
def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-4000:]}")
    return p.stdout


def timed_kernel(work, inp, out, a, multiplier):
    """One v.kernel run: (wall seconds, peak RSS MiB)."""
    rss_file = os.path.join(work, "time.txt")
    cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file, "v.kernel", "--quiet", f"input={inp}", f"output={out}",
           f"radius={a.bandwidth}", "kernel=quartic", f"multiplier={multiplier}"]
    t = time.perf_counter()
    run(cmd)
    elapsed = time.perf_counter() - t
    with open(rss_file) as f:
        rss_kb = int(f.read().split()[-1])
    return elapsed, rss_kb / 1024.0


def inner(a):
    work = a.work
    os.environ["GRASS_OVERWRITE"] = "1"
    x0, y0, x1, y1 = EXTENT
    run(["g.region", f"n={y1}", f"s={y0}", f"e={x1}", f"w={x0}", f"rows={a.size}", f"cols={a.size}"])
    version = dict(line.split("=", 1) for line in run(["g.version", "-g"]).splitlines() if "=" in line)

    def import_csv(csv, name):
        t = time.perf_counter()
        run(["v.in.ascii", "-t", "--quiet", f"input={csv}", f"output={name}", "separator=comma", "x=1", "y=2",
             "format=point"])
        return time.perf_counter() - t

    res = {"grass_version": version.get("version", "?")}
    if a.weights == "replicate":
        res["import_s"] = import_csv(os.path.join(work, "points.csv"), "pts")
        log(f"imported in {res['import_s']:.2f} s")
        t, rss = timed_kernel(work, "pts", "dens", a, 1)
        res.update({"kernel_s": t, "kernel_runs_s": [t], "peak_rss_mb": rss})
    else:
        classes = sorted(int(f.split("_")[1].split(".")[0]) for f in os.listdir(work) if f.startswith("class_"))
        res["import_s"] = sum(import_csv(os.path.join(work, f"class_{k}.csv"), f"pts_{k}") for k in classes)
        log(f"imported {len(classes)} maps in {res['import_s']:.2f} s")
        runs, rss = [], 0.0
        for k in classes:
            t, m = timed_kernel(work, f"pts_{k}", f"dens_{k}", a, k)
            log(f"v.kernel weight {k}: {t:.1f} s")
            runs.append(t)
            rss = max(rss, m)
        t = time.perf_counter()
        run(["r.mapcalc", "--quiet", "expression=dens = " + " + ".join(f"dens_{k}" for k in classes)])
        res["mapcalc_s"] = time.perf_counter() - t
        res.update({"kernel_s": sum(runs) + res["mapcalc_s"], "kernel_runs_s": runs, "peak_rss_mb": rss})
    log(f"v.kernel {res['kernel_s']:.2f} s, peak RSS {res['peak_rss_mb']:.0f} MiB")

    # sampled values: r.what reads "east north" lines on stdin and prints
    # east|north|label|value (value with %.15g), in input order
    with open(os.path.join(work, "samples.txt")) as f:
        out = run(["r.what", "map=dens", "separator=pipe", "null_value=nan"], input=f.read())
    res["values"] = [[float(v) for v in (c[0], c[1], c[3])] for c in (line.split("|") for line in out.splitlines())
                     if len(c) >= 4]
    with open(os.path.join(work, "inner.json"), "w") as f:
        json.dump(res, f)


# ------------------------------------------------------------------- outside
def sample_pixels(xy, size, k, rng):
    """Pixel centres: k/2 at the pixels of random input points inside the raster, k/2 random."""
    x0, y0, x1, y1 = EXTENT
    px = (x1 - x0) / size
    inside = np.flatnonzero((xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1))
    pick = rng.choice(inside, size=k // 2, replace=False)
    cols = np.concatenate([((xy[pick, 0] - x0) // px).astype(int), rng.integers(0, size, k - k // 2)])
    rows = np.concatenate([((y1 - xy[pick, 1]) // px).astype(int), rng.integers(0, size, k - k // 2)])
    return [(x0 + (c + 0.5) * px, y1 - (r + 0.5) * px) for r, c in zip(rows, cols)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True, help="number of points")
    ap.add_argument("--seed", type=int, help="points() seed (default N + 2, as hotspots_compare.py's kde)")
    ap.add_argument("--size", type=int, default=4096, help="raster width = height in pixels")
    ap.add_argument("--bandwidth", type=float, default=5000.0, help="quartic support radius h, metres")
    ap.add_argument("--weights", choices=["classes", "replicate"], default="classes",
                    help="how the weights reach v.kernel, which has none (see above)")
    ap.add_argument("--samples", type=int, default=50, help="pixels checked against the direct sum")
    ap.add_argument("--_inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._inner:
        return inner(a)
    if shutil.which("grass") is None:
        sys.exit("grass_kernel: `grass` is missing (apt-get install grass-core)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a harness's timeout: clean up as on Ctrl-C
    seed = a.n + 2 if a.seed is None else a.seed
    xy, w = points(a.n, seed, weighted=True)
    work = tempfile.mkdtemp(prefix="bf_grass_")
    try:
        # inputs for the GRASS session: points as CSV x,y (not timed)
        if a.weights == "replicate":
            rep = np.repeat(xy, w.astype(np.int64), axis=0)
            np.savetxt(os.path.join(work, "points.csv"), rep, fmt="%.17g", delimiter=",")
            log(f"{a.n} points, {len(rep)} after replicating by weight")
        else:
            for k in range(1, MAX_WEIGHT + 1):
                sel = xy[w == k]
                if len(sel):
                    np.savetxt(os.path.join(work, f"class_{k}.csv"), sel, fmt="%.17g", delimiter=",")
        rng = np.random.default_rng(seed + 1)
        samples = sample_pixels(xy, a.size, a.samples, rng)
        with open(os.path.join(work, "samples.txt"), "w") as f:
            f.writelines(f"{x!r} {y!r}\n" for x, y in samples)

        # the GRASS session: a temporary location, deleted when it ends
        env = dict(os.environ, TMPDIR=work)
        cmd = ["grass", "--tmp-location", CRS, "--exec", "/usr/bin/python3", os.path.abspath(__file__), "--_inner",
               "--work", work, "--size", str(a.size), "--bandwidth", str(a.bandwidth), "--weights", a.weights,
               "--n", str(a.n)]
        # in its own process group, so that an interrupt ends the whole session
        # (grass, the inner python, v.kernel) and nothing else
        p = subprocess.Popen(cmd, stdout=sys.stderr, stderr=sys.stderr, env=env, start_new_session=True)
        try:
            rc = p.wait()
        except BaseException:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            p.wait()
            raise
        inner_json = os.path.join(work, "inner.json")
        if rc != 0 or not os.path.exists(inner_json):
            sys.exit(f"grass_kernel: the GRASS session failed ({rc})")
        with open(inner_json) as f:
            res = json.load(f)

        # agreement with the exact direct sum, per km^2
        rel, ratios, zeros_bad = 0.0, [], 0
        if len(res["values"]) != len(samples) or any(
                abs(gx - x) > 1e-6 or abs(gy - y) > 1e-6 for (x, y), (gx, gy, _) in zip(samples, res["values"])):
            sys.exit("grass_kernel: r.what did not answer the sampled pixels in order")
        for (x, y), (_, _, g) in zip(samples, res["values"]):
            want = quartic_direct(x, y, xy, w, a.bandwidth)
            if math.isnan(g):  # a null cell: never expected
                rel = math.inf
            elif want > 0:
                rel = max(rel, abs(SCALE * g - want) / want)
                ratios.append(want / g if g else math.inf)
            elif g != 0:
                zeros_bad += 1
        result = {
            "n": a.n, "seed": seed, "size": a.size, "bandwidth": a.bandwidth, "weights": a.weights,
            "points_imported": int(w.sum()) if a.weights == "replicate" else a.n,
            "import_s": res["import_s"], "kernel_s": res["kernel_s"], "kernel_runs_s": res["kernel_runs_s"],
            "peak_rss_mb": res["peak_rss_mb"],
            "pixels_checked": len(samples), "pixels_nonzero": len(ratios), "zero_pixels_nonzero_in_grass": zeros_bad,
            "max_rel_diff_vs_direct": rel,
            "scale_factor": statistics.median(ratios) if ratios else None,
            "grass_version": res["grass_version"],
        }
        if "mapcalc_s" in res:
            result["mapcalc_s"] = res["mapcalc_s"]
        print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the GRASS session and the work folder are already gone
        sys.exit("grass_kernel: interrupted")
