#!/usr/bin/python3
"""Independent check of the Bangladesh-India land border length.

    bench/data.sh                               # once: builds south_asia_10m.gpkg
    /usr/bin/python3 bench/border_length_check.py [--gpkg PATH] [--borderflow BIN]

Peer (GeoPandas + shapely + pyproj, no borderflow code): both polygons made
valid (shapely make_valid, polygonal parts kept), projected to UTM 46N
(EPSG:32646), shared = BGD.boundary & IND.buffer(5 m) (IND first clipped to
BGD's envelope + 1 km: the same line, minutes faster), then the geodesic
length on WGS84 (pyproj.Geod.geometry_length) of the shared line transformed
back to lon/lat; the planar UTM length is printed too.

borderflow: `borderflow crossings` on the same file with a one-route CSV
(Jashore -> Benapole -> Petrapole -> Bongaon, WKT column `wkt`,
--assume-crs EPSG:4326, --crs EPSG:32646, --snap 5); its `borders` layer row
BGD/IND is read back.

Exit status 0 only if exactly one (multi)line exists for the pair and the
two lengths agree within --tolerance (default 2 %).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import geopandas as gpd
from osgeo import ogr
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box
import shapely.wkb
from shapely.ops import unary_union
from shapely.validation import make_valid

ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("BORDERFLOW_CACHE", os.path.expanduser("~/.cache/borderflow"))
DEFAULT_GPKG = os.path.join(CACHE, "bench", "south_asia_10m.gpkg")
DEFAULT_BIN = os.path.join(HERE, "..", "build", "apps", "cli", "borderflow")
UTM = "EPSG:32646"
ROUTE_WKT = "LINESTRING (89.208 23.166, 88.895 23.043, 88.872 23.040, 88.820 23.050)"


def polygonal(geom):
    """make_valid, keeping only the polygonal parts (make_valid may add lines)."""
    if not geom.is_valid:
        geom = make_valid(geom)
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return unary_union(parts)


def peer(gpkg, a="BGD", b="IND", snap=5.0, literal=False):
    t0 = time.perf_counter()
    g = gpd.read_file(gpkg, layer="countries")
    g = g[g["A3"].isin([a, b])]
    t_read = time.perf_counter() - t0
    geoms = {row.A3: polygonal(row.geometry) for row in g.itertuples()}
    t_valid = time.perf_counter() - t0 - t_read
    utm = gpd.GeoSeries([geoms[a], geoms[b]], crs="EPSG:4326").to_crs(UTM)
    ga, gb = utm.iloc[0], utm.iloc[1]
    if literal:
        near_b = gb
    else:
        # Only the part of B near A's envelope can be within `snap` of A's
        # boundary: clip B to A's envelope + 1 km before buffering. The
        # result is identical; buffering all of India (187k vertices) is not
        # needed (it takes many minutes on this machine; see --literal).
        x0, y0, x1, y1 = ga.bounds
        near_b = gb.intersection(box(x0 - 1000, y0 - 1000, x1 + 1000, y1 + 1000))
    shared = ga.boundary.intersection(near_b.buffer(snap))
    shared_ll = gpd.GeoSeries([shared], crs=UTM).to_crs("EPSG:4326").iloc[0]
    geodesic = Geod(ellps="WGS84").geometry_length(shared_ll)
    t_total = time.perf_counter() - t0
    return {
        "geodesic_m": geodesic,
        "planar_m": shared.length,
        "geom_type": shared.geom_type,
        "parts": len(getattr(shared, "geoms", [shared])),
        "t_read": t_read,
        "t_valid": t_valid,
        "t_total": t_total,
    }


def run_borderflow(binary, gpkg, crs, snap, threads):
    with tempfile.TemporaryDirectory(prefix="bf_len_") as tmp:
        csv = os.path.join(tmp, "route.csv")
        with open(csv, "w") as f:
            f.write("route_id,weight,mode,wkt\n")
            f.write(f'R000001,1,land,"{ROUTE_WKT}"\n')
        out = os.path.join(tmp, "out.gpkg")
        cmd = [binary, "crossings", "--borders", f"{gpkg}:countries", "--routes", csv,
               "--assume-crs", "EPSG:4326", "--snap", str(snap), "--threads", str(threads),
               "-o", out, "--format", "json"]
        if crs:
            cmd[cmd.index("--snap"):cmd.index("--snap")] = ["--crs", crs]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"borderflow failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
        ds = ogr.Open(out)
        lyr = ds.GetLayerByName("borders")
        rows = []
        for f in lyr:
            ca, cb = f.GetField("country_a") or "", f.GetField("country_b") or ""
            if {ca, cb} == {"BGD", "IND"}:
                geom = f.GetGeometryRef()
                rows.append({"country_a": ca, "country_b": cb, "kind": f.GetField("kind"),
                             "length_m": f.GetField("length_m"),
                             "geom_type": geom.GetGeometryName() if geom else None,
                             "geodesic_from_geom_m": Geod(ellps="WGS84").geometry_length(
                                 shapely.wkb.loads(bytes(geom.ExportToWkb())))
                             if geom else None})
        ds = None
        return rows, elapsed, " ".join(cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpkg", default=DEFAULT_GPKG)
    ap.add_argument("--borderflow", default=os.path.normpath(DEFAULT_BIN))
    ap.add_argument("--crs", default=UTM, help="--crs given to borderflow ('' = its default)")
    ap.add_argument("--snap", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tolerance", type=float, default=0.02)
    ap.add_argument("--literal", action="store_true",
                    help="buffer all of IND instead of its part near BGD (same line, much slower)")
    a = ap.parse_args()
    if not os.path.exists(a.gpkg):
        sys.exit(f"{a.gpkg} is missing: run bench/data.sh first")
    print(f"input: {a.gpkg}; cores: {os.cpu_count()}")

    p = peer(a.gpkg, snap=a.snap, literal=a.literal)
    print(f"peer (shapely make_valid, {UTM}, BGD.boundary & IND.buffer({a.snap:g} m)"
          f"{'' if a.literal else ', IND clipped to BGD envelope + 1 km'}):")
    print(f"  geodesic length {p['geodesic_m'] / 1e3:12.3f} km   ({p['geom_type']}, {p['parts']} parts)")
    print(f"  UTM 46N length  {p['planar_m'] / 1e3:12.3f} km")
    print(f"  time {p['t_total']:.1f} s (read {p['t_read']:.1f} s, make_valid {p['t_valid']:.1f} s, "
          f"project + buffer + intersect + length {p['t_total'] - p['t_read'] - p['t_valid']:.1f} s)")

    # wait for the binary if it is being rebuilt
    for _ in range(30):
        if os.access(a.borderflow, os.X_OK):
            break
        time.sleep(10)
    rows, t_bf, cmd = run_borderflow(a.borderflow, a.gpkg, a.crs, a.snap, a.threads)
    print(f"borderflow: {cmd}")
    print(f"  time {t_bf:.1f} s (whole run: load + repair + borders + crossings + write)")
    ok = True
    if len(rows) != 1:
        print(f"  FAIL: {len(rows)} rows for BGD/IND in the borders layer (expected exactly 1): {rows}")
        ok = False
    if rows:
        r = rows[0]
        print(f"  borders row: country_a={r['country_a']} country_b={r['country_b']} kind={r['kind']} "
              f"geometry={r['geom_type']}")
        print(f"  length_m        {r['length_m'] / 1e3:12.3f} km")
        print(f"  (geodesic length of its geometry, recomputed with pyproj: "
              f"{r['geodesic_from_geom_m'] / 1e3:.3f} km)")
        if r["geom_type"] not in ("LINESTRING", "MULTILINESTRING"):
            print("  FAIL: geometry is not a (multi)line")
            ok = False
        if r["kind"] != "land":
            print("  FAIL: kind is not 'land'")
            ok = False
        diff = (r["length_m"] - p["geodesic_m"]) / p["geodesic_m"]
        within = abs(diff) <= a.tolerance
        print(f"difference borderflow - peer: {(r['length_m'] - p['geodesic_m']) / 1e3:+.3f} km "
              f"({diff * 100:+.3f} %): {'within' if within else 'NOT within'} {a.tolerance * 100:g} %")
        ok = ok and within
    print("RESULT:", "OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
