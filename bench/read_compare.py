#!/usr/bin/python3
"""Raw read speed: borderflow reading a route file beside `ogrinfo -al` (GDAL's
own reader, every feature read and printed to /dev/null), on the same files.

borderflow's side is `borderflow validate --borders SAMPLE --routes FILE`: it
reads every route through OGR into its own types and checks it (weights,
modes, geometry, CRS); the borders are the small bundled sample (0.1 s).
ogrinfo reads and formats every feature. Both are OGR reads, so the ratio
shows what borderflow's reading adds on top of GDAL's. Agreement: the number
of routes borderflow reads equals ogrinfo's feature count.

    bench/read_compare.py --borderflow build/apps/cli/borderflow FILE.gpkg... [--repeat 3] [--results R]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402


def timed(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024.0, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--borderflow", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", default="")
    a = ap.parse_args()
    env = dict(os.environ, OGR_GEOJSON_MAX_OBJ_SIZE="0")
    gdal = subprocess.run(["gdal-config", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {os.cpu_count()} cores; GDAL {gdal}; median of {a.repeat}")
    here = os.path.dirname(os.path.abspath(__file__))
    sample = os.path.join(here, "..", "geodata", "samples", "bangladesh", "countries.gpkg")
    for path in a.files:
        size_mb = os.path.getsize(path) / 1e6
        bf = [timed([a.borderflow, "validate", "--borders", sample, "--routes", path, "--format", "json"], env)
              for _ in range(a.repeat)]
        og = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                p = subprocess.run(["/usr/bin/time", "-f", "%M", "ogrinfo", "-ro", "-al", "-q", path], stdout=devnull,
                                   stderr=subprocess.PIPE, text=True, env=env)
            og.append((time.perf_counter() - t, int(p.stderr.strip().splitlines()[-1]) / 1024.0))
        n_bf = json.loads(bf[-1][2])["routes"]["routes"]
        so = subprocess.run(["ogrinfo", "-ro", "-al", "-so", path], capture_output=True, text=True, env=env).stdout
        n_og = sum(int(x) for x in re.findall(r"Feature Count: (\d+)", so))
        bf_s, og_s = statistics.median(x[0] for x in bf), statistics.median(x[0] for x in og)
        bf_mb, og_mb = max(x[1] for x in bf), max(x[1] for x in og)
        ok = "yes" if n_bf == n_og else "NO"
        print(f"{os.path.basename(path)} ({size_mb:.0f} MB): borderflow {bf_s:.2f} s {bf_mb:.0f} MB, "
              f"ogrinfo {og_s:.2f} s {og_mb:.0f} MB, ratio {og_s / bf_s:.2f}; routes {n_bf} / features {n_og} {ok}")
        results.record(a.results, "read", f"{os.path.basename(path)} ({size_mb:.0f} MB)", f"ogrinfo -al (GDAL {gdal})",
                       bf_s, og_s, bf_mb, og_mb, f"{ok}, {n_bf} routes = features", a.repeat, 1,
                       "borderflow validate (read + check); wall time of each command; no target")


if __name__ == "__main__":
    main()
