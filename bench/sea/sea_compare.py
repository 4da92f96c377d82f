#!/usr/bin/python3
"""Sea routing beside searoute-js, on the same legs; and the navigator's build
beside `ogrinfo -al -q` on the OSM 10 m countries.

    bench/sea/sea_compare.py --exe BUILD/bench/sea_bench [--legs 10000] [--peer-legs 10000]
                             [--osm [FILE]] [--results R] [--keep DIR]

1. sea_bench on the bundled sample (16 Natural Earth 1:10m countries) with 2
   threads: build time, graph nodes, the legs' first and second pass; it
   writes the legs (places as lon/lat, its paths inverse-projected from
   +proj=laea +lat_0=15 +lon_0=95) with --out.
2. bench/sea/searoute_peer.js (node) routes the first --peer-legs of the same
   legs with searoute-js 0.1.0 (installed with npm into
   ~/.cache/borderflow/bench/searoute-js when missing; never into the tree).
3. Both tools' paths are checked here, with shapely, against the same land:
   the sample read with osgeo.ogr, make_valid, projected to the working CRS
   with pyproj. Rule: a path crosses land when its intersection with the land,
   leaving out the first and the last 30 km of the path (along the path, from
   its own ends), is longer than 1 km. searoute-js's segments are straight in
   lon/lat (GeoJSON): they are cut to <= 0.02 degrees before projecting;
   borderflow's are straight in the working CRS (its vertices projected back).
   Lengths for the ratio: geodesic (WGS84, pyproj.Geod) of each tool's path
   vertices, the same measure for both. searoute-js's path runs between the
   network nodes nearest to the places (its "snap"); borderflow's between the
   places; the ratio is given both against searoute's path and against its
   path plus the two snaps (geodesic straight lines).
4. --osm FILE (default ~/.cache/borderflow/bench/bay_of_bengal_10m.gpkg, made
   by bench/data.sh): the wall time of `ogrinfo -ro -al -q FILE` (median of 3)
   beside `sea_bench FILE 2 --build-only` (read + navigator build).
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
import warnings

from osgeo import ogr
from pyproj import Geod, Transformer
from shapely import wkb
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.ops import substring, transform
from shapely.prepared import prep
from shapely.strtree import STRtree
from shapely.validation import make_valid

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
import results  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(here))
CACHE = os.environ.get("BORDERFLOW_CACHE", os.path.expanduser("~/.cache/borderflow"))
SAMPLE = os.path.join(ROOT, "geodata", "samples", "bangladesh", "countries.gpkg")
SEAROUTE_VERSION = "0.1.0"
PORT_EXCLUDE_M = 30000.0
CROSS_MIN_M = 1000.0
GEOD = Geod(ellps="WGS84")


def run(cmd, **kw):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return wall, p.stdout


def searoute_module(arg):
    if arg:
        return arg
    prefix = os.path.join(CACHE, "bench", "searoute-js")
    mod = os.path.join(prefix, "node_modules", "searoute-js")
    if not os.path.isfile(os.path.join(mod, "package.json")):
        os.makedirs(prefix, exist_ok=True)
        print(f"installing searoute-js@{SEAROUTE_VERSION} into {prefix}", flush=True)
        run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", prefix,
             f"searoute-js@{SEAROUTE_VERSION}"])
    return mod


def read_land(path, crs):
    """The file's polygons, repaired (make_valid, polygonal parts) and projected: a list of polygons."""
    to_xy = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
    ds = ogr.Open(path)
    parts = []
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef()
        if g is None:
            continue
        shp = make_valid(wkb.loads(bytes(g.ExportToWkb())))
        polys = [shp] if isinstance(shp, Polygon) else [p for p in getattr(shp, "geoms", []) if
                                                         isinstance(p, (Polygon, MultiPolygon))]
        for p in polys:
            for q in (p.geoms if isinstance(p, MultiPolygon) else [p]):
                parts.append(transform(to_xy, q))
    return parts


class Land:
    def __init__(self, parts):
        self.parts = parts
        with warnings.catch_warnings():  # shapely 1.8: "STRtree will be changed in 2.0.0"
            warnings.simplefilter("ignore")
            self.tree = STRtree(parts)
        self.prepared = {id(p): prep(p) for p in parts}

    def length_over(self, line):
        total = 0.0
        for p in self.tree.query(line):
            if self.prepared[id(p)].intersects(line):
                total += p.intersection(line).length
        return total


def densify_lonlat(coords, step_deg=0.02):
    out = [coords[0]]
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step_deg))
        out.extend((x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1))
    return out


def crosses_land(land, line_xy):
    """(crosses, metres over land) by the rule of the module docstring."""
    if line_xy.length <= 2 * PORT_EXCLUDE_M:
        return False, 0.0
    mid = substring(line_xy, PORT_EXCLUDE_M, line_xy.length - PORT_EXCLUDE_M)
    over = land.length_over(mid)
    return over > CROSS_MIN_M, over


def geodesic_m(coords):
    lons, lats = zip(*coords)
    return GEOD.line_length(lons, lats)


def straight_m(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def parse_bench(out):
    m = re.search(r"build ([\d.]+) s wall, ([\d.]+) s CPU .*?nodes (\d+)", out)
    r = re.search(r"read .*?: ([\d.]+) s .*?units (\d+), land vertices (\d+)", out)
    fig = {"build_s": float(m[1]), "build_cpu_s": float(m[2]), "nodes": int(m[3]), "read_s": float(r[1]),
           "units": int(r[2]), "vertices": int(r[3])}
    for name in ("first", "second"):
        p = re.search(name + r" pass: (\d+) legs in ([\d.]+) s wall, ([\d.]+) s CPU \((\d+) threads\).*?: (\d+) routed", out)
        if p:
            fig[name] = {"legs": int(p[1]), "wall_s": float(p[2]), "cpu_s": float(p[3]), "threads": int(p[4]),
                         "routed": int(p[5])}
    return fig


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def compare(a, keep):
    legs_file = os.path.join(keep, "legs.json")
    peer_file = os.path.join(keep, "searoute.json")
    _, out = run([a.exe, a.countries, "2", "--legs", str(a.legs), "--out", legs_file], cwd=ROOT)
    with open(os.path.join(keep, "sea_bench.txt"), "w") as f:
        f.write(out)
    bf = parse_bench(out)
    print(f"borderflow sea_bench ({a.countries}): read {bf['read_s']:.3f} s, build {bf['build_s']:.3f} s "
          f"({bf['build_cpu_s']:.3f} s CPU), {bf['nodes']:,} nodes; "
          f"{bf['first']['legs']:,} legs on {bf['first']['threads']} threads: first pass {bf['first']['wall_s']:.3f} s "
          f"({bf['first']['cpu_s']:.3f} s CPU), second {bf['second']['wall_s']:.3f} s ({bf['second']['cpu_s']:.3f} s CPU), "
          f"{bf['first']['routed']:,} routed", flush=True)
    mod = searoute_module(a.searoute)
    peer_wall, peer_out = run(["node", os.path.join(here, "searoute_peer.js"), "--legs", legs_file, "--out", peer_file,
                               "--limit", str(a.peer_legs), "--module", mod])
    print(peer_out.strip(), flush=True)

    data = json.load(open(legs_file))
    peer = json.load(open(peer_file))
    crs = data["crs"]
    to_xy = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
    t = time.perf_counter()
    land = Land(read_land(a.countries, crs))
    print(f"land for the check: {len(land.parts):,} polygons after make_valid ({time.perf_counter() - t:.1f} s)",
          flush=True)

    def xy_line(coords):
        return LineString([to_xy(x, y) for x, y in coords])

    n_peer = len(peer["legs"])
    rows = []
    bf_cross = {"all": 0, "checked": 0, "peer_legs": 0, "peer_legs_checked": 0}
    bf_over = []
    for i, leg in enumerate(data["legs"]):
        if not leg["path"]:
            continue
        c, over = crosses_land(land, xy_line(leg["path"]))
        bf_cross["checked"] += 1
        bf_cross["all"] += c
        if c:
            bf_over.append((over, i))
        if i < n_peer:
            bf_cross["peer_legs_checked"] += 1
            bf_cross["peer_legs"] += c
    pe_cross = {"n": 0, "checked": 0}
    pe_over = []
    ratios, ratios_snap, snaps, times = [], [], [], []
    sum_bf = sum_pe = sum_pe_snap = 0.0
    both = 0
    for i, pl in enumerate(peer["legs"]):
        times.append(pl["time_s"])
        if not pl["path"]:
            continue
        c, over = crosses_land(land, xy_line(densify_lonlat(pl["path"])))
        pe_cross["checked"] += 1
        pe_cross["n"] += c
        if c:
            pe_over.append((over, i))
        leg = data["legs"][i]
        snap = straight_m(leg["from"], pl["path"][0]) + straight_m(pl["path"][-1], leg["to"])
        snaps.append(snap / 2)
        if leg["path"]:
            both += 1
            b = geodesic_m(leg["path"])
            s = geodesic_m(pl["path"])
            if s > 0:
                ratios.append(b / s)
                rows.append((b / s, i))
            ratios_snap.append(b / (s + snap))
            sum_bf, sum_pe, sum_pe_snap = sum_bf + b, sum_pe + s, sum_pe_snap + s + snap
    bf_leg_s = bf["second"]["wall_s"] / bf["second"]["legs"]
    bf_leg_first_s = bf["first"]["wall_s"] / bf["first"]["legs"]
    pe_leg_s = statistics.mean(times)
    summary = {
        "borderflow": bf, "peer": peer["peer"], "node": peer["node"], "peer_load_s": peer["load_s"],
        "peer_legs": n_peer, "peer_routed": pe_cross["checked"], "peer_ms_per_leg_mean": 1e3 * pe_leg_s,
        "peer_ms_per_leg_median": 1e3 * statistics.median(times),
        "bf_ms_per_leg_first": 1e3 * bf_leg_first_s, "bf_ms_per_leg_second": 1e3 * bf_leg_s,
        "legs_both_routed": both,
        "ratio_median": statistics.median(ratios), "ratio_mean": statistics.mean(ratios),
        "ratio_of_sums": sum_bf / sum_pe, "ratio_of_sums_with_snaps": sum_bf / sum_pe_snap,
        "peer_zero_length": sum(1 for pl in peer["legs"] if pl["path"] and geodesic_m(pl["path"]) == 0),
        "ratio_p05": pct(ratios, 0.05), "ratio_p95": pct(ratios, 0.95),
        "ratio_with_snaps_median": statistics.median(ratios_snap), "ratio_with_snaps_mean": statistics.mean(ratios_snap),
        "peer_snap_km_median": statistics.median(snaps) / 1e3, "peer_snap_km_p95": pct(snaps, 0.95) / 1e3,
        "bf_cross": bf_cross, "peer_cross": pe_cross,
        "bf_cross_worst": sorted(bf_over, reverse=True)[:5], "peer_cross_worst": sorted(pe_over, reverse=True)[:5],
        "ratio_lowest": sorted(rows)[:5], "ratio_highest": sorted(rows, reverse=True)[:5],
    }
    print(f"time per leg: borderflow {1e3 * bf_leg_first_s:.3f} ms (first pass) / {1e3 * bf_leg_s:.3f} ms (second), "
          f"2 threads wall / legs; searoute-js {1e3 * pe_leg_s:.2f} ms mean, "
          f"{summary['peer_ms_per_leg_median']:.2f} ms median (1 thread, node); searoute-js routed "
          f"{pe_cross['checked']:,} of {n_peer:,}")
    print(f"length borderflow / searoute-js (geodesic, {both:,} legs both routed): median {summary['ratio_median']:.3f}, "
          f"mean {summary['ratio_mean']:.3f} (5-95 %: {summary['ratio_p05']:.3f}-{summary['ratio_p95']:.3f}; "
          f"{summary['peer_zero_length']} searoute paths of length 0 left out), total/total {summary['ratio_of_sums']:.3f}; "
          f"against searoute + its snaps: median {summary['ratio_with_snaps_median']:.3f}, "
          f"mean {summary['ratio_with_snaps_mean']:.3f}, total/total {summary['ratio_of_sums_with_snaps']:.3f}; "
          f"searoute snap per end: median "
          f"{summary['peer_snap_km_median']:.1f} km, 95 % {summary['peer_snap_km_p95']:.1f} km")
    print(f"crossing land (> {CROSS_MIN_M / 1e3:g} km over land, first/last {PORT_EXCLUDE_M / 1e3:g} km left out): "
          f"borderflow {bf_cross['all']} of {bf_cross['checked']:,} paths "
          f"({bf_cross['peer_legs']} of {bf_cross['peer_legs_checked']:,} on the peer's legs); "
          f"searoute-js {pe_cross['n']} of {pe_cross['checked']:,}")
    if pe_over:
        print("  searoute-js, most land (km, leg): " +
              ", ".join(f"{o / 1e3:.1f} (#{i})" for o, i in summary["peer_cross_worst"]))
    if bf_over:
        print("  borderflow, most land (km, leg): " +
              ", ".join(f"{o / 1e3:.1f} (#{i})" for o, i in summary["bf_cross_worst"]))
    json.dump(summary, open(os.path.join(keep, "summary.json"), "w"), indent=1)
    results.record(a.results, "sea legs", f"{n_peer:,} legs", peer["peer"] + " (node, 1 thread)", bf_leg_s * n_peer,
                   pe_leg_s * n_peer, agree=f"length ratio median {summary['ratio_median']:.3f}; over land bf "
                   f"{bf_cross['peer_legs']} / peer {pe_cross['n']}", repeat=1, threads=2,
                   note="borderflow: second pass (graph complete) on 2 threads, per leg x legs; first pass "
                   f"{1e3 * bf_leg_first_s:.3f} ms per leg; peer: the searoute() calls alone")


def osm(a, keep):
    path = a.osm
    if not os.path.isfile(path):
        run([os.path.join(os.path.dirname(here), "data.sh")])
    env = dict(os.environ)
    og = []
    for _ in range(3):
        t = time.perf_counter()
        with open(os.devnull, "w") as devnull:
            subprocess.run(["ogrinfo", "-ro", "-al", "-q", path], stdout=devnull, check=True, env=env)
        og.append(time.perf_counter() - t)
    bf_runs = []
    for _ in range(a.osm_repeat):
        wall, out = run([a.exe, path, "2", "--build-only"])
        bf_runs.append((wall, parse_bench(out)))
    wall = statistics.median(w for w, _ in bf_runs)
    fig = bf_runs[0][1]
    og_s = statistics.median(og)
    print(f"OSM {os.path.basename(path)} ({os.path.getsize(path) / 1e6:.1f} MB, {fig['units']} units, "
          f"{fig['vertices']:,} vertices): ogrinfo -al -q {og_s:.3f} s (median of 3); sea_bench --build-only "
          f"{wall:.2f} s wall (read {fig['read_s']:.3f} s, build {fig['build_s']:.2f} s, "
          f"{fig['build_cpu_s']:.2f} s CPU, {fig['nodes']:,} nodes): {wall / og_s:.1f}x ogrinfo (target <= 3x)")
    with open(os.path.join(keep, "osm_build.txt"), "w") as f:
        f.write(bf_runs[0][1].__repr__() + "\n")
    results.record(a.results, "sea build", f"{os.path.basename(path)}, {fig['vertices']:,} vertices",
                   "ogrinfo -ro -al -q", wall, og_s, agree=f"{fig['units']} units read", repeat=a.osm_repeat,
                   threads=2, note=f"borderflow: read + Navigator build ({fig['build_s']:.1f} s); target: "
                   "borderflow within 3x of ogrinfo, i.e. peer/borderflow >= 0.33")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", required=True, help="sea_bench")
    ap.add_argument("--countries", default=SAMPLE)
    ap.add_argument("--legs", type=int, default=10000)
    ap.add_argument("--peer-legs", type=int, default=10000)
    ap.add_argument("--searoute", default="", help="the installed searoute-js package folder")
    ap.add_argument("--osm", nargs="?", const=os.path.join(CACHE, "bench", "bay_of_bengal_10m.gpkg"), default="")
    ap.add_argument("--osm-repeat", type=int, default=1)
    ap.add_argument("--no-legs", action="store_true", help="only the --osm build")
    ap.add_argument("--results", default="")
    ap.add_argument("--keep", default="", help="folder for the legs, the peer's paths and the summary")
    a = ap.parse_args()
    a.exe = os.path.abspath(a.exe)
    a.countries = os.path.abspath(a.countries)
    keep = a.keep or os.path.join(CACHE, "bench", "sea-" + time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(keep, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}; files in {keep}", flush=True)
    if not a.no_legs:
        compare(a, keep)
    if a.osm:
        osm(a, keep)


if __name__ == "__main__":
    main()
