#!/usr/bin/python3
"""Detailed borders: borderflow's cold and warm runs beside reading the file.

    bench/data.sh                      # once: asia12_10m.gpkg (12 OSM 10 m countries)
    /usr/bin/python3 bench/frontier_bench.py [--gpkg PATH] [--borderflow BIN] [--routes N]
                                             [--repeat 3] [--results FILE]

In one run, on the same file:

* peer: `ogrinfo -ro -al -q FILE` (GDAL reads every polygon), median of
  --repeat runs;
* cold: `borderflow crossings --no-cache` with N seeded routes
  (bench/gen_routes.py, Bangladesh-India), once: read, repair, project,
  derive the borders, route, cross, write;
* stored: the same with an empty cache folder (the run that fills it);
* warm: the same again, median of --repeat runs (the frontier cache hits).

Prints the times, the ratios to ogrinfo (issue 18's targets: cold <= 10x,
warm <= 3x) and checks that every run wrote the same crossings layer and
that the warm runs said "hit".
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GPKG = os.path.expanduser("~/.cache/borderflow/bench/asia12_10m.gpkg")
DEFAULT_BIN = os.path.join(HERE, "..", "build", "apps", "cli", "borderflow")


def timed(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"frontier_bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return dt, p.stdout


def crossings_rows(gpkg):
    from osgeo import ogr
    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName("crossings")
    return sorted((f.GetField("route_id"), round(f.GetGeometryRef().GetX(), 9), round(f.GetGeometryRef().GetY(), 9))
                  for f in lyr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpkg", default=DEFAULT_GPKG)
    ap.add_argument("--borderflow", default=DEFAULT_BIN)
    ap.add_argument("--routes", type=int, default=48)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--results", default="", help="append rows to this results file (bench/results.py)")
    a = ap.parse_args()
    if not os.path.exists(a.gpkg):
        sys.exit(f"frontier_bench: {a.gpkg} is missing: run bench/data.sh")
    work = tempfile.mkdtemp(prefix="bf_frontier_bench_")
    routes = os.path.join(work, "routes.gpkg")
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gen_routes.py"), "--n", str(a.routes), "--out", routes,
                    "--seed", "1"], check=True, capture_output=True)
    cache = os.path.join(work, "cache")

    def run(name, *extra):
        out = os.path.join(work, name + ".gpkg")
        cmd = [a.borderflow, "crossings", "--borders", a.gpkg + ":countries", "--routes", routes, "-o", out,
               "--min-count", "0", "--threads", str(a.threads), "--format", "json", "-q", *extra]
        dt, stdout = timed(cmd)
        return dt, json.loads(stdout), out

    peer = [timed(["ogrinfo", "-ro", "-al", "-q", a.gpkg])[0] for _ in range(a.repeat)]
    cold, s_cold, o_cold = run("cold", "--no-cache")
    stored, s_stored, o_stored = run("stored", "--cache-dir", cache)
    warm_runs = [run(f"warm{i}", "--cache-dir", cache) for i in range(a.repeat)]
    warm = statistics.median(r[0] for r in warm_runs)
    ogr = statistics.median(peer)

    ref = crossings_rows(o_cold)
    agree = all(crossings_rows(o) == ref for o in [o_stored] + [r[2] for r in warm_runs])
    hits = all(r[1]["inputs"]["cache"] == {"borders": "hit", "frontier": "hit"} for r in warm_runs)
    size = os.path.getsize(a.gpkg) / 1e6
    print(f"file: {a.gpkg} ({size:.1f} MB), {a.routes} routes, {a.threads} threads")
    print(f"ogrinfo -ro -al -q: {ogr:.2f} s (median of {a.repeat}: {', '.join(f'{x:.2f}' for x in peer)})")
    print(f"cold (--no-cache):  {cold:.2f} s = {cold / ogr:.1f}x ogrinfo (target <= 10x)")
    print(f"first cached run:   {stored:.2f} s (stores the entries)")
    print(f"warm (cache hit):   {warm:.2f} s = {warm / ogr:.2f}x ogrinfo (target <= 3x; "
          f"runs {', '.join(f'{r[0]:.2f}' for r in warm_runs)})")
    entries = sorted(os.listdir(os.path.join(cache, "frontier")))
    total = sum(os.path.getsize(os.path.join(cache, "frontier", e)) for e in entries)
    print(f"cache: {len(entries)} entries, {total / 1e6:.1f} MB; crossings {len(ref)}, "
          f"same in every run: {agree}; warm runs hit: {hits}")
    if a.results:
        sys.path.insert(0, HERE)
        import results
        for label, t, target in (("cold, --no-cache", cold, 10), ("warm, cache hit", warm, 3)):
            results.record(a.results, "frontier", f"12 OSM 10 m countries ({size:.0f} MB), {a.routes} routes, {label}",
                           "ogrinfo -ro -al -q (GDAL)", t, ogr, agree=f"{'yes' if agree else 'NO'}, {len(ref)} crossings",
                           repeat=1 if label.startswith("cold") else a.repeat, threads=a.threads,
                           note=f"borderflow = {t / ogr:.1f}x the read (target: at most {target}x)")
    return 0 if agree and hits else 1


if __name__ == "__main__":
    sys.exit(main())
