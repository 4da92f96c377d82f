#!/usr/bin/python3
"""borderflow crossings vs a GeoPandas/shapely peer on synthetic BGD-IND routes.

    bench/data.sh                                   # once
    /usr/bin/python3 bench/crossings_bench.py [--sizes 1000,10000,100000] [--repeat 3]

For each N: routes from gen_routes.py (cached in $BORDERFLOW_CACHE/bench/),
then

* borderflow: `borderflow crossings --borders south_asia_10m.gpkg:countries
  --routes routes_N.gpkg --crs EPSG:32646 --snap 5 --threads 2 -o out.gpkg`,
  wall time (time.perf_counter around the subprocess, so loading and repairing
  the polygons is included), median of --repeat runs; peak RSS from
  /usr/bin/time -v. Land crossings = rows of the `crossings` layer with
  kind = 'land'.
* peer (GeoPandas 0.12 / shapely 1.8 / pyproj, run in a child process per N so
  that its peak RSS is its own): read and make_valid the polygons, project to
  UTM 46N, derive each land border line as in border_length_check.py
  (A.boundary & B.buffer(5 m), A = the id that sorts first; both clipped first
  to the pair's common envelope + 1 km, which gives the same line), cut the
  lines into pieces of <= 64 vertices, read + project the routes, sjoin
  (rtree) routes x pieces, and count the distinct intersection points of each
  route with the land border lines. The border derivation runs once per child;
  the counting (read routes .. count) runs --repeat times; peer time =
  derivation + median counting.

Agreement: total land crossings both ways, per-route equality, and how many
pairs of consecutive peer points on one route lie within 50 m of each other
along the route (where a sliver/gap or a zig-zag makes the peer count two).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import results  # noqa: E402
CACHE = os.environ.get("BORDERFLOW_CACHE", os.path.expanduser("~/.cache/borderflow"))
BENCH_CACHE = os.path.join(CACHE, "bench")
DEFAULT_GPKG = os.path.join(BENCH_CACHE, "south_asia_10m.gpkg")
DEFAULT_BIN = os.path.normpath(os.path.join(HERE, "..", "build", "apps", "cli", "borderflow"))
UTM = "EPSG:32646"
PIECE_VERTICES = 64
CLOSE_M = 50.0


# ----------------------------------------------------------------------------- peer
def peer_derive(gpkg, snap):
    import geopandas as gpd
    from shapely.geometry import LineString, MultiPolygon, Polygon, box
    from shapely.ops import unary_union
    from shapely.validation import make_valid

    def polygonal(geom):
        if not geom.is_valid:
            geom = make_valid(geom)
        if isinstance(geom, (Polygon, MultiPolygon)):
            return geom
        return unary_union([g for g in geom.geoms if isinstance(g, (Polygon, MultiPolygon))])

    g = gpd.read_file(gpkg, layer="countries")
    units = {}
    for a3, geom in zip(g["A3"], g.geometry):
        units[a3] = units[a3].union(polygonal(geom)) if a3 in units else polygonal(geom)
    ids = sorted(units)
    utm = gpd.GeoSeries([units[i] for i in ids], crs="EPSG:4326").to_crs(UTM)
    units = dict(zip(ids, utm))
    lines = []  # (pair, LineString piece)
    lengths = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ax0, ay0, ax1, ay1 = units[a].bounds
            bx0, by0, bx1, by1 = units[b].bounds
            x0, y0, x1, y1 = max(ax0, bx0), max(ay0, by0), min(ax1, bx1), min(ay1, by1)
            if x0 > x1 + 2 * snap or y0 > y1 + 2 * snap:
                continue
            region = box(x0 - 1000, y0 - 1000, x1 + 1000, y1 + 1000)
            a_line = units[a].boundary.intersection(region)
            b_near = units[b].intersection(region.buffer(1000, join_style=2))
            if a_line.is_empty or b_near.is_empty:
                continue
            shared = a_line.intersection(b_near.buffer(snap))
            parts = [p for p in getattr(shared, "geoms", [shared]) if p.geom_type == "LineString"]
            if not parts:
                continue
            lengths[f"{a}-{b}"] = sum(p.length for p in parts)
            for p in parts:
                c = list(p.coords)
                for k in range(0, len(c) - 1, PIECE_VERTICES - 1):
                    lines.append((f"{a}-{b}", LineString(c[k:k + PIECE_VERTICES])))
    return lines, lengths


def peer_count(lines, routes_path):
    import geopandas as gpd
    from shapely.geometry import Point

    routes = gpd.read_file(routes_path, layer="routes").to_crs(UTM)
    pieces = gpd.GeoDataFrame({"pair": [p for p, _ in lines]}, geometry=[l for _, l in lines], crs=UTM)
    j = gpd.sjoin(routes[["route_id", "geometry"]], pieces, how="inner", predicate="intersects")
    rg = routes.geometry.values[j.index.values] if len(j) else []
    pg = pieces.geometry.values[j["index_right"].values] if len(j) else []
    inter = gpd.GeoSeries(rg, crs=UTM).intersection(gpd.GeoSeries(pg, crs=UTM), align=False)
    pts = defaultdict(dict)  # route row -> {(x, y) rounded: pair}
    for row, pair, geom in zip(j.index.values, j["pair"].values, inter.values):
        for p in getattr(geom, "geoms", [geom]):
            if p.is_empty:
                continue
            # a Point, or for a collinear overlap (LineString) one crossing per piece
            xy = p.coords[0]
            pts[row][(round(xy[0], 3), round(xy[1], 3))] = pair
    per_route = {}
    close = 0
    by_pair = Counter()
    points = {}
    for row, d in pts.items():
        rid = routes["route_id"].iat[row]
        geom = routes.geometry.iat[row]
        along = sorted(geom.project(Point(xy)) for xy in d)
        close += sum(1 for u, v in zip(along, along[1:]) if v - u < CLOSE_M)
        per_route[rid] = len(d)
        by_pair.update(d.values())
        points[rid] = [[xy[0], xy[1], pr] for xy, pr in d.items()]
    return {"total": sum(per_route.values()), "per_route": per_route, "close_pairs": close,
            "by_pair": dict(by_pair), "candidates": int(len(j)), "routes": int(len(routes)),
            "points": points}


def peer_child(a):
    import resource
    t0 = time.perf_counter()
    lines, lengths = peer_derive(a.gpkg, a.snap)
    t_derive = time.perf_counter() - t0
    t_count = []
    res = None
    for _ in range(a.repeat):
        t = time.perf_counter()
        res = peer_count(lines, a.routes)
        t_count.append(time.perf_counter() - t)
    res.update({"t_derive": t_derive, "t_count": t_count, "border_lengths_utm_m": lengths,
                "pieces": len(lines),
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
    with open(a.peer_out, "w") as f:
        json.dump(res, f)


# ------------------------------------------------------------------------ borderflow
def wait_for(binary):
    for _ in range(60):
        if os.access(binary, os.X_OK):
            return
        print(f"  waiting for {binary} (being rebuilt?)", flush=True)
        time.sleep(10)
    sys.exit(f"{binary} is missing")


def run_borderflow(a, routes, out):
    cmd = [a.borderflow, "crossings", "--borders", f"{a.gpkg}:countries", "--routes", f"{routes}:routes",
           "--crs", a.crs, "--snap", str(a.snap), "--threads", str(a.threads), "-o", out, "--format", "json",
           "--min-count", "0"]  # per-route counts need the route ids, which --min-count withholds
    # Cold by default, like the peers, which repair the countries every time;
    # --warm measures runs that find the prepared frontier in the cache.
    cmd += ["--cache-dir", os.path.join(os.path.dirname(os.path.abspath(out)), "frontier-cache")] if a.warm \
        else ["--no-cache"]
    wait_for(a.borderflow)
    if os.path.exists(out):
        os.remove(out)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"borderflow failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-4000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return elapsed, int(m.group(1)) if m else None, json.loads(p.stdout), " ".join(cmd)


def read_bf_crossings(out):
    from osgeo import ogr
    ogr.UseExceptions()
    ds = ogr.Open(out)
    lyr = ds.GetLayerByName("crossings")
    per_route = Counter()
    kinds = Counter()
    by_pair = Counter()
    points = defaultdict(list)
    for f in lyr:
        k = f.GetField("kind")
        kinds[k] += 1
        if k == "land":
            rid = f.GetField("route_id")
            per_route[rid] += 1
            pr = "-".join(sorted([f.GetField("from_country") or "", f.GetField("to_country") or ""]))
            by_pair[pr] += 1
            g = f.GetGeometryRef()
            points[rid].append([g.GetX(), g.GetY(), f.GetField("from_country"), f.GetField("to_country")])
    ds = None
    return per_route, kinds, by_pair, points


# ------------------------------------------------------------------------------ main
def ensure_routes(n, seed):
    path = os.path.join(BENCH_CACHE, f"routes_{n}_seed{seed}.gpkg")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_routes.py"), "--n", str(n), "--out", path,
                        "--seed", str(seed)], check=True)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--snap", type=float, default=5.0)
    ap.add_argument("--crs", default=UTM, help="working CRS given to borderflow")
    ap.add_argument("--gpkg", default=DEFAULT_GPKG)
    ap.add_argument("--borderflow", default=DEFAULT_BIN)
    ap.add_argument("--peer-budget", type=float, default=900.0,
                    help="skip the peer at a size whose extrapolated time exceeds this many seconds")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--warm", action="store_true",
                    help="borderflow with its frontier cache (the first repeat fills it); default --no-cache")
    ap.add_argument("--keep", default="", help="folder to keep outputs and per-route comparisons in")
    ap.add_argument("--postgis", action="store_true",
                    help="also run the PostGIS peer (bench/peers/postgis_crossings.py) at each size")
    ap.add_argument("--results", default="", help="append rows to this results file (bench/results.py)")
    ap.add_argument("--_peer", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--routes", help=argparse.SUPPRESS)
    ap.add_argument("--peer-out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._peer:
        return peer_child(a)
    if not os.path.exists(a.gpkg):
        sys.exit(f"{a.gpkg} is missing: run bench/data.sh first")
    sizes = [int(s) for s in a.sizes.split(",") if s]
    work = a.keep or tempfile.mkdtemp(prefix="bf_bench_")
    os.makedirs(work, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; borderflow {a.borderflow} --threads {a.threads} --crs {a.crs} "
          f"--snap {a.snap:g}; repeat {a.repeat}; seed {a.seed}; work dir {work}", flush=True)
    rows = []
    peer_rate = None  # seconds of counting per route, from the last size
    peer_derive_s = None
    for n in sizes:
        routes = ensure_routes(n, a.seed)
        out = os.path.join(work, f"bf_{n}.gpkg")
        times, rss, summary, cmd = [], [], None, None
        for r in range(a.repeat):
            t, m, summary, cmd = run_borderflow(a, routes, out)
            times.append(t)
            rss.append(m)
            print(f"  N={n} borderflow run {r + 1}: {t:.2f} s, max RSS {m / 1024:.0f} MiB", flush=True)
        bf_per_route, bf_kinds, bf_by_pair, bf_points = read_bf_crossings(out)
        bf_land = sum(bf_per_route.values())
        row = {"N": n, "bf_times": times, "bf_median": statistics.median(times), "bf_rss_kb": max(rss),
               "bf_land": bf_land, "bf_kinds": dict(bf_kinds), "bf_by_pair": dict(bf_by_pair),
               "bf_summary_crossings": summary.get("crossings"), "cmd": cmd}
        print(f"  N={n} borderflow: median {row['bf_median']:.2f} s; crossings by kind {dict(bf_kinds)}; "
              f"land by pair {dict(bf_by_pair)}", flush=True)
        est = None if peer_rate is None else peer_derive_s + peer_rate * n
        if a.no_peer or (est is not None and est > a.peer_budget):
            if not a.no_peer:
                print(f"  N={n} peer skipped: extrapolated {est:.0f} s > budget {a.peer_budget:.0f} s", flush=True)
            row["peer_skipped"] = True
            rows.append(row)
            continue
        peer_json = os.path.join(work, f"peer_{n}.json")
        subprocess.run([sys.executable, os.path.abspath(__file__), "--_peer", "--routes", routes,
                        "--peer-out", peer_json, "--gpkg", a.gpkg, "--snap", str(a.snap),
                        "--repeat", str(a.repeat)], check=True)
        with open(peer_json) as f:
            pr = json.load(f)
        peer_derive_s = pr["t_derive"]
        peer_rate = statistics.median(pr["t_count"]) / n
        peer_total = pr["t_derive"] + statistics.median(pr["t_count"])
        same = sum(1 for rid in set(bf_per_route) | set(pr["per_route"])
                   if bf_per_route.get(rid, 0) == pr["per_route"].get(rid, 0))
        differ = [rid for rid in sorted(set(bf_per_route) | set(pr["per_route"]))
                  if bf_per_route.get(rid, 0) != pr["per_route"].get(rid, 0)]
        bf_more = sum(1 for rid in differ if bf_per_route.get(rid, 0) > pr["per_route"].get(rid, 0))
        row.update({"peer_derive": pr["t_derive"], "peer_count_times": pr["t_count"], "peer_total": peer_total,
                    "peer_rss_kb": pr["maxrss_kb"], "peer_land": pr["total"], "peer_by_pair": pr["by_pair"],
                    "peer_close_pairs": pr["close_pairs"], "routes_with_crossings_equal": same,
                    "routes_differ": len(differ), "routes_bf_more": bf_more,
                    "routes_peer_more": len(differ) - bf_more, "peer_pieces": pr["pieces"],
                    "peer_border_lengths_utm_m": pr["border_lengths_utm_m"]})
        print(f"  N={n} peer: derive {pr['t_derive']:.1f} s + count {[round(t, 2) for t in pr['t_count']]} s; "
              f"land crossings {pr['total']} by pair {pr['by_pair']}; points <{CLOSE_M:g} m apart along a route: "
              f"{pr['close_pairs']}", flush=True)
        # per-route comparison kept for inspection
        with open(os.path.join(work, f"diff_{n}.json"), "w") as f:
            json.dump({rid: {"bf": bf_per_route.get(rid, 0), "peer": pr["per_route"].get(rid, 0),
                             "bf_points": bf_points.get(rid, []), "peer_points_utm": pr["points"].get(rid, [])}
                       for rid in differ}, f, indent=1)
        import geopandas
        import shapely
        at_target = n >= 100000
        results.record(a.results, "crossings", f"{n:,} routes", f"GeoPandas {geopandas.__version__} / shapely "
                       f"{shapely.__version__}", row["bf_median"], peer_total, row["bf_rss_kb"] / 1024,
                       pr["maxrss_kb"] / 1024,
                       f"{'yes' if abs(bf_land - pr['total']) <= 0.01 * max(1, pr['total']) else 'NO'}, land crossings "
                       f"{bf_land} / {pr['total']} (within 1 %), {n - len(differ)}/{n} routes equal",
                       a.repeat, a.threads, "whole commands incl. reading and repairing the countries; "
                       "differences explained in bench/README.md", at_target_size=at_target)
        if a.postgis:
            pg = subprocess.run([sys.executable, os.path.join(HERE, "peers", "postgis_crossings.py"), "--routes", routes,
                                 "--gpkg", a.gpkg, "--snap", str(a.snap), "--repeat", str(a.repeat)],
                                check=True, stdout=subprocess.PIPE, text=True)
            pgr = json.loads(pg.stdout)
            pg_same = sum(1 for rid in set(bf_per_route) | set(pgr["per_route"])
                          if bf_per_route.get(rid, 0) == pgr["per_route"].get(rid, 0))
            pg_same += n - len(set(bf_per_route) | set(pgr["per_route"]))
            print(f"  N={n} PostGIS: load {pgr['load_s']:.1f} s + derive {pgr['derive_s']:.1f} s + count "
                  f"{pgr['count_s']:.2f} s = {pgr['total_s']:.1f} s; land crossings {pgr['crossings']}; "
                  f"routes equal to borderflow {pg_same}/{n}; peak {pgr['peak_rss_mb']:.0f} MB", flush=True)
            row.update({"postgis": {k: v for k, v in pgr.items() if k != "per_route"}, "postgis_routes_equal": pg_same})
            results.record(a.results, "crossings", f"{n:,} routes", "PostGIS " + (re.findall(r'POSTGIS="([0-9.]+)', pgr.get("postgis_version", "")) or ["?"])[0],
                           row["bf_median"], pgr["total_s"], row["bf_rss_kb"] / 1024, pgr["peak_rss_mb"],
                           f"{'yes' if abs(bf_land - pgr['crossings']) <= 0.01 * max(1, pgr['crossings']) else 'NO'}, "
                           f"land crossings {bf_land} / {pgr['crossings']} (within 1 %), {pg_same}/{n} routes equal",
                           a.repeat, a.threads, "PostGIS: load (ogr2ogr) + derive + median count; server not timed "
                           "starting", at_target_size=at_target)
        rows.append(row)

    print()
    print(f"machine: {os.cpu_count()} cores; times are wall seconds, median of {a.repeat}; "
          f"peer = border derivation (once) + median counting")
    hdr = ("| workload | N | borderflow median s | peer median s | ratio peer/borderflow | borderflow peak RSS MiB"
           " | peer peak RSS MiB | land crossings bf / peer (diff) | routes equal | peer points <50 m apart |")
    print(hdr)
    print("|" + "---|" * 10)
    for r in rows:
        if r.get("peer_skipped"):
            print(f"| land routes BGD-IND | {r['N']} | {r['bf_median']:.2f} | skipped | - | "
                  f"{r['bf_rss_kb'] / 1024:.0f} | - | {r['bf_land']} / - | - | - |")
            continue
        print(f"| land routes BGD-IND | {r['N']} | {r['bf_median']:.2f} | {r['peer_total']:.2f} "
              f"(derive {r['peer_derive']:.1f} + count {statistics.median(r['peer_count_times']):.2f}) | "
              f"{r['peer_total'] / r['bf_median']:.2f} | {r['bf_rss_kb'] / 1024:.0f} | {r['peer_rss_kb'] / 1024:.0f} | "
              f"{r['bf_land']} / {r['peer_land']} ({r['bf_land'] - r['peer_land']:+d}) | "
              f"{r['N'] - r['routes_differ']}/{r['N']} (bf more on {r['routes_bf_more']}, peer more on "
              f"{r['routes_peer_more']}) | {r['peer_close_pairs']} |")
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print(f"\nraw results: {os.path.join(work, 'results.json')}")


if __name__ == "__main__":
    main()
