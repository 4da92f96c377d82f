#!/usr/bin/env python3
"""Sea legs over water, end to end on the bundled borders, checked against
an independent reference (tests/sea_reference/make_reference.py: a 0.5 km
raster of the same polygons, 16-neighbour Dijkstra with line-of-sight
smoothing; its results are tests/data/sea/reference_paths.json).

For each reference pair, an itinerary "A > B" by sea (the places at the
reference's exact coordinates), run through `borderflow corridors` and
`borderflow crossings` as a user would:

* the leg's length (route_edges.length_m, geodesic) is within 3 % of the
  reference's geodesic length of its water path, and never shorter than the
  great circle between the ports;
* the routed path lies over no land but for the links that join an inland
  port to the water (route_edges.land_link_m): the path's intersection with
  the union of the country polygons, measured in the reference's metric CRS,
  is at most that link plus 1 km (the clearance keeps the rest off the coast);
* a port-to-port leg gives exactly one coast_out from the start's country and
  one coast_in into the end's, no land crossing and no warning;
* with --sea-routing off the same legs run over land, with the warning;
* a sea leg between two inland places is a warning naming the route and leg.

Usage: sea_check.py BORDERFLOW_EXE SAMPLES_DIR REFERENCE_JSON
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("  FAIL:", msg)


def run(exe, args):
    p = subprocess.run([exe] + args, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr)
        raise SystemExit(f"borderflow {' '.join(args[:1])} failed with exit {p.returncode}")
    return p


def country_of(name):
    return {"Teknaf": "BGD", "Shah Porir Dwip": "BGD", "Cox's Bazar": "BGD", "Langkawi": "MYS",
            "Penang George Town": "MYS", "Ranong": "THA"}[name]


def main():
    exe, samples, ref_path = sys.argv[1], sys.argv[2], sys.argv[3]
    ref = json.load(open(ref_path))
    pairs = ref["pairs"]
    borders = os.path.join(samples, "bangladesh", "countries.gpkg")
    work = tempfile.mkdtemp(prefix="bf_sea_")
    places = {}
    for p in pairs:
        places[p["from"]] = p["from_lonlat"]
        places[p["to"]] = p["to_lonlat"]
    places["Dhaka"] = [90.4125, 23.8103]       # 150 km and more from the sea
    places["Kathmandu"] = [85.3240, 27.7172]   # in Nepal: no sea at all
    with open(os.path.join(work, "places.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "aliases", "lon", "lat", "kind", "country"])
        for name, (lon, lat) in places.items():
            w.writerow([name, "", lon, lat, "port_town", ""])
    with open(os.path.join(work, "routes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["route_id", "crime", "itinerary", "modes", "weight", "year"])
        for i, p in enumerate(pairs):
            w.writerow([f"S{i + 1}", "SOM", f"{p['from']} > {p['to']}", "sea", 40, 2020])
    with open(os.path.join(work, "inland.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["route_id", "crime", "itinerary", "modes", "weight", "year"])
        w.writerow(["N1", "SOM", "Dhaka > Kathmandu", "sea", 40, 2020])
    common = ["--borders", borders + ":countries", "--places", os.path.join(work, "places.csv"), "-q", "--min-count", "0"]
    routes = ["--routes", os.path.join(work, "routes.csv")]

    # The land, in the reference's CRS, for the over-land measure.
    crs = osr.SpatialReference()
    crs.ImportFromProj4(pairs[0]["crs"])
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    crs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_metric = osr.CoordinateTransformation(wgs84, crs)
    ds = ogr.Open(borders)
    land = None
    for feat in ds.GetLayer(0):
        g = feat.GetGeometryRef().Clone()
        g.Transform(to_metric)
        g = g.MakeValid() if not g.IsValid() else g
        land = g if land is None else land.Union(g)
    ds = None

    print("sea legs over water against the reference (0.5 km raster + Dijkstra + smoothing):")
    out = os.path.join(work, "graph.gpkg")
    p = run(exe, ["corridors"] + common + routes + ["-o", out])
    check("warning" not in p.stdout + p.stderr, f"corridors warned: {p.stdout + p.stderr}")
    g = ogr.Open(out)
    edges = {}
    nodes = {f.GetField("node_id"): f.GetField("name") for f in g.GetLayerByName("route_nodes")}
    for f in g.GetLayerByName("route_edges"):
        key = (nodes[f.GetField("from_node")], nodes[f.GetField("to_node")])
        geom = f.GetGeometryRef().Clone()
        edges[key] = (f.GetField("length_m"), f.GetField("land_link_m"), bool(f.GetField("sea_routed")), geom)
    g = None
    for p in pairs:
        key = (p["from"], p["to"])
        check(key in edges, f"no route edge {key}")
        if key not in edges:
            continue
        length, link, routed, geom = edges[key]
        want = p["geodesic_length_m_total"]
        ratio = length / want
        check(routed, f"{key}: not flagged sea_routed")
        check(abs(ratio - 1.0) <= 0.03, f"{key}: {length / 1000:.1f} km, reference {want / 1000:.1f} km ({ratio:.4f})")
        check(length >= p["great_circle_m"], f"{key}: {length / 1000:.1f} km is shorter than the great circle")
        geom.Transform(to_metric)
        over = geom.Intersection(land).Length()
        check(over <= link + 1000.0, f"{key}: {over / 1000:.2f} km over land, links {link / 1000:.2f} km")
        print(f"  {p['from']} > {p['to']}: {length / 1000:.1f} km, reference {want / 1000:.1f} km "
              f"(x{ratio:.4f}), great circle {p['great_circle_m'] / 1000:.1f} km; over land {over / 1000:.2f} km "
              f"(inland links {link / 1000:.2f} km)")

    print("crossings of port-to-port legs:")
    cx = os.path.join(work, "cx.gpkg")
    p = run(exe, ["crossings"] + common + routes + ["-o", cx])
    check("warning" not in p.stdout + p.stderr, f"crossings warned: {p.stdout + p.stderr}")
    g = ogr.Open(cx)
    by_route = {}
    for f in g.GetLayerByName("crossings"):
        by_route.setdefault(f.GetField("route_id"), []).append(
            (f.GetField("kind"), f.GetField("from_country") or "", f.GetField("to_country") or ""))
    g = None
    for i, p in enumerate(pairs):
        rid = f"S{i + 1}"
        want = [("coast_out", country_of(p["from"]), ""), ("coast_in", "", country_of(p["to"]))]
        check(by_route.get(rid) == want, f"{rid} {p['from']} > {p['to']}: crossings {by_route.get(rid)}, want {want}")
        print(f"  {rid} {p['from']} > {p['to']}: {by_route.get(rid)}")

    print("--sea-routing off keeps the straight legs, with the warning:")
    p = run(exe, ["crossings"] + common + routes + ["-o", os.path.join(work, "off.gpkg"), "--sea-routing", "off"])
    said = p.stdout + p.stderr  # warnings come with the summary
    check("over land" in said, "no over-land warning with --sea-routing off")
    print("  " + next((line for line in said.splitlines() if "over land" in line), "(no warning)"))

    print("a sea leg between inland places:")
    p = run(exe, ["crossings"] + common + ["--routes", os.path.join(work, "inland.csv"), "-o",
                                           os.path.join(work, "inland.gpkg")])
    said = p.stdout + p.stderr
    check("route 'N1', leg 1 (sea): no water path" in said, f"no warning naming N1's leg: {said}")
    print("  " + next((line for line in said.splitlines() if "N1" in line), "(no warning)"))

    print(f"{len(failures)} failure(s)")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
