#!/usr/bin/python3
"""Validate the bundled Bangladesh sample dataset of borderflow.

Checks (see README.md):
  (a) every itinerary name resolves in places.csv by name or alias
      (case-insensitive, accent-insensitive: NFKD, combining marks dropped,
      casefold, whitespace collapsed), and no two places share a key;
  (b) the number of modes matches the number of legs (or one mode for all);
  (c) every place / port with a country lies inside that country's polygon in
      countries.gpkg, or, for land ports and coastal/border port towns, within
      --border-tol-km of it (the distance is printed);
  (d) every sea_waypoint lies in no country polygon;
  (e) each `sea` leg with a sea_waypoint at an end (a leg whose shape the
      itinerary draws) has a straight lon/lat segment that crosses no land
      except within --sea-endpoint-km of its endpoints; a port-to-port `sea`
      leg (no waypoint: "Teknaf > Langkawi") is routed over water by borderflow
      and only its ends are checked: each within --sea-endpoint-km of the sea;
      each `land` / `river` leg crosses no stretch of open sea longer than
      --max-sea-km;
  (f) route ids are unique, weights are positive integers, years in range and
      the categorical columns hold known values.

Needs only the GDAL Python bindings (Debian: python3-gdal).
Prints every violation and exits 1 if there is any, 0 otherwise.
"""

import argparse
import csv
import math
import os
import re
import sys
import unicodedata

try:
    from osgeo import ogr, osr
except ImportError:  # pragma: no cover
    sys.stderr.write("check_sample.py needs the GDAL Python bindings "
                     "(Debian: apt-get install python3-gdal)\n")
    sys.exit(2)

ogr.UseExceptions()
osr.UseExceptions()

PLACES_HEADER = ["name", "aliases", "lon", "lat", "kind", "country"]
PORTS_HEADER = ["name", "aliases", "country", "counterpart", "lon", "lat", "kind"]
ROUTES_HEADER = ["route_id", "crime", "itinerary", "modes", "weight", "year",
                 "sex", "age_group", "exploitation", "source", "confidence"]

PLACE_KINDS = {"city", "town", "district", "land_port", "camp", "port_town",
               "sea_waypoint", "airport"}
PORT_KINDS = {"land_port", "river_port", "sea_port", "airport"}
# Kinds that sit on a border or a coast: allowed just outside their polygon.
EDGE_KINDS = {"land_port", "port_town", "river_port", "sea_port"}
MODES = {"land", "river", "sea", "air"}
CRIMES = {"TIP", "SOM", "unknown"}
SEXES = {"female", "male", "mixed", "unknown"}
AGE_GROUPS = {"child", "adult", "mixed", "unknown"}
EXPLOITATIONS = {"sexual", "forced_labour", "domestic_servitude",
                 "forced_marriage", "begging", "none", "unknown"}
SOURCES = {"KII", "FGD", "case_file", "media", "survey"}
COORD_RE = re.compile(r"^-?\d{1,3}\.\d{4}$")
ROUTE_ID_RE = re.compile(r"^R\d{3}$")
YEAR_MIN, YEAR_MAX = 2015, 2024
WEIGHT_MIN, WEIGHT_MAX = 1, 60


class Report:
    def __init__(self):
        self.errors = []
        self.checks = 0

    def ok(self, cond, msg):
        self.checks += 1
        if not cond:
            self.errors.append(msg)
            print("VIOLATION: " + msg)
        return cond

    def info(self, msg):
        print("  " + msg)


def norm(s):
    """Resolver key: NFKD, combining marks dropped, casefolded, spaces collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def haversine_km(lon1, lat1, lon2, lat2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def read_csv(path, header, rep):
    with open(path, newline="", encoding="utf-8") as fh:
        text = fh.read()
    rep.ok(not text.startswith("\ufeff"), "%s: starts with a BOM" % os.path.basename(path))
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    rep.ok(bool(rows) and rows[0] == header,
           "%s: header is %r, expected %r" % (os.path.basename(path), rows[0] if rows else None, header))
    out = []
    for i, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if not rep.ok(len(row) == len(header),
                      "%s:%d: %d fields, expected %d" % (os.path.basename(path), i, len(row), len(header))):
            continue
        d = dict(zip(header, row))
        d["_line"] = i
        out.append(d)
    return out


class Countries:
    """The polygons of countries.gpkg, with a few geodesic helpers."""

    def __init__(self, path):
        ds = ogr.Open(path)
        if ds is None:
            raise RuntimeError("cannot open %s" % path)
        lyr = ds.GetLayerByName("countries")
        if lyr is None:
            raise RuntimeError("%s has no layer 'countries'" % path)
        self.geoms = {}
        self.names = {}
        for f in lyr:
            g = f.GetGeometryRef().Clone()
            if not g.IsValid():
                g = g.MakeValid()
            iso = f.GetField("iso_a3")
            self.geoms[iso] = g
            self.names[iso] = f.GetField("name")
        self.env = {k: g.GetEnvelope() for k, g in self.geoms.items()}  # minx,maxx,miny,maxy
        self.wgs84 = osr.SpatialReference()
        self.wgs84.ImportFromEPSG(4326)
        self.wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.ds = ds

    @staticmethod
    def point(lon, lat):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(lon, lat)
        return p

    @staticmethod
    def line(a, b):
        g = ogr.Geometry(ogr.wkbLineString)
        g.AddPoint_2D(a[0], a[1])
        g.AddPoint_2D(b[0], b[1])
        return g

    @staticmethod
    def box(minx, miny, maxx, maxy):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ((minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy), (minx, miny)):
            ring.AddPoint_2D(x, y)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        return poly

    def containing(self, lon, lat):
        p = self.point(lon, lat)
        out = []
        for k, g in self.geoms.items():
            minx, maxx, miny, maxy = self.env[k]
            if minx <= lon <= maxx and miny <= lat <= maxy and g.Contains(p):
                out.append(k)
        return out

    def distance_km(self, iso, lon, lat, radius_deg=1.0):
        """Geodesic-ish distance (km) from the point to country `iso`'s polygon.

        The polygon is clipped to a box around the point and projected to an
        azimuthal equidistant projection centred on the point. Returns None if
        nothing of the country lies within radius_deg."""
        g = self.geoms[iso]
        clip = g.Intersection(self.box(lon - radius_deg, lat - radius_deg,
                                       lon + radius_deg, lat + radius_deg))
        if clip is None or clip.IsEmpty():
            return None
        aeqd = osr.SpatialReference()
        aeqd.ImportFromProj4("+proj=aeqd +lat_0=%r +lon_0=%r +datum=WGS84 +units=m +no_defs" % (lat, lon))
        aeqd.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        clip = clip.Clone()
        clip.Transform(osr.CoordinateTransformation(self.wgs84, aeqd))
        return clip.Distance(self.point(0.0, 0.0)) / 1000.0

    def nearest_km(self, lon, lat, exclude=(), radius_deg=1.0):
        best = None
        for k in self.geoms:
            if k in exclude:
                continue
            minx, maxx, miny, maxy = self.env[k]
            if lon < minx - radius_deg or lon > maxx + radius_deg or lat < miny - radius_deg or lat > maxy + radius_deg:
                continue
            d = self.distance_km(k, lon, lat, radius_deg)
            if d is not None and (best is None or d < best[1]):
                best = (k, d)
        return best

    def land_intervals(self, a, b):
        """Parameter intervals [t0, t1] (0..1) of segment a-b that lie on land."""
        seg = self.line(a, b)
        sminx, smaxx = min(a[0], b[0]), max(a[0], b[0])
        sminy, smaxy = min(a[1], b[1]), max(a[1], b[1])
        dx, dy = b[0] - a[0], b[1] - a[1]
        dd = dx * dx + dy * dy
        ivs = []
        for k, g in self.geoms.items():
            minx, maxx, miny, maxy = self.env[k]
            if smaxx < minx or sminx > maxx or smaxy < miny or sminy > maxy:
                continue
            inter = g.Intersection(seg)
            if inter is None or inter.IsEmpty():
                continue
            for piece in _lines(inter):
                pts = piece.GetPoints()
                ts = [((x - a[0]) * dx + (y - a[1]) * dy) / dd for x, y in pts]
                ivs.append((max(0.0, min(ts)), min(1.0, max(ts)), k))
        ivs.sort()
        return ivs


def _lines(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbLineString:
        yield g
    elif t in (ogr.wkbMultiLineString, ogr.wkbGeometryCollection):
        for i in range(g.GetGeometryCount()):
            yield from _lines(g.GetGeometryRef(i))


def merge(ivs):
    out = []
    for t0, t1, _ in ivs:
        if out and t0 <= out[-1][1] + 1e-12:
            out[-1][1] = max(out[-1][1], t1)
        else:
            out.append([t0, t1])
    return out


def check_coords(rep, where, lon_s, lat_s):
    good = rep.ok(bool(COORD_RE.match(lon_s)) and bool(COORD_RE.match(lat_s)),
                  "%s: coordinates %s,%s are not decimal degrees with 4 decimals" % (where, lon_s, lat_s))
    if not good:
        return None
    lon, lat = float(lon_s), float(lat_s)
    if not rep.ok(-180 <= lon <= 180 and -90 <= lat <= 90, "%s: coordinates out of range" % where):
        return None
    return lon, lat


def check_located(rep, cs, where, name, iso, kind, lon, lat, tol_km):
    """(c): inside its country, or within tol_km for border/coastal kinds."""
    if not rep.ok(iso in cs.geoms, "%s: %s: country %r is not in countries.gpkg" % (where, name, iso)):
        return
    inside = cs.containing(lon, lat)
    if iso in inside:
        if kind in ("land_port", "river_port"):
            other = cs.nearest_km(lon, lat, exclude=(iso,), radius_deg=0.5)
            rep.info("%-38s %s inside %s; %s" % (name, kind, iso,
                     "nearest foreign polygon %s at %.2f km" % other if other else "no foreign polygon within ~50 km"))
        return
    d = cs.distance_km(iso, lon, lat)
    dtxt = "%.2f km" % d if d is not None else "> 100 km"
    other = ("inside " + "/".join(inside)) if inside else "at sea/outside all polygons"
    if kind in EDGE_KINDS:
        rep.info("%-38s %s %s, %s from %s polygon" % (name, kind, other, dtxt, iso))
        rep.ok(d is not None and d <= tol_km,
               "%s: %s (%s, %s) is %s from %s (tolerance %.1f km)" % (where, name, kind, other, dtxt, iso, tol_km))
    else:
        rep.ok(False, "%s: %s (%s) is %s, %s from %s; only %s may lie outside" %
               (where, name, kind, other, dtxt, iso, "/".join(sorted(EDGE_KINDS))))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=here, help="dataset folder (default: this script's folder)")
    ap.add_argument("--gpkg", default=None, help="countries GeoPackage (default: DIR/countries.gpkg)")
    ap.add_argument("--border-tol-km", type=float, default=3.0,
                    help="how far outside its country a land port or port town may lie (default 3.0)")
    ap.add_argument("--sea-endpoint-km", type=float, default=15.0,
                    help="land allowed on a sea leg within this distance of either end (default 15)")
    ap.add_argument("--max-sea-km", type=float, default=5.0,
                    help="longest stretch of open sea a land/river leg may cross (default 5)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print violations and the summary only")
    args = ap.parse_args()

    rep = Report()
    if args.quiet:
        rep.info = lambda msg: None
    gpkg = args.gpkg or os.path.join(args.dir, "countries.gpkg")
    cs = Countries(gpkg)
    print("countries.gpkg: %d countries: %s" % (len(cs.geoms), " ".join(sorted(cs.geoms))))

    # ---------------------------------------------------------------- places
    print("\n[places.csv]")
    places = read_csv(os.path.join(args.dir, "places.csv"), PLACES_HEADER, rep)
    index = {}   # norm key -> place
    byname = {}
    for p in places:
        where = "places.csv:%d" % p["_line"]
        name = p["name"].strip()
        rep.ok(name == p["name"] and name != "", "%s: empty name or stray spaces" % where)
        rep.ok(name not in byname, "%s: duplicate name %r" % (where, name))
        byname[name] = p
        rep.ok(p["kind"] in PLACE_KINDS, "%s: %s: unknown kind %r" % (where, name, p["kind"]))
        aliases = [a for a in p["aliases"].split("|")] if p["aliases"] else []
        rep.ok(all(a.strip() == a and a for a in aliases), "%s: %s: empty alias or stray spaces" % (where, name))
        keys = set()
        for n in [name] + aliases:
            keys.add(norm(n))
        for k in keys:
            if k in index and index[k] is not p:
                rep.ok(False, "%s: key %r of %s also names %s" % (where, k, name, index[k]["name"]))
            index[k] = p
        ll = check_coords(rep, where, p["lon"], p["lat"])
        p["_ll"] = ll
        if ll is None:
            continue
        if p["kind"] == "sea_waypoint":
            rep.ok(p["country"] == "", "%s: sea waypoint %s has a country" % (where, name))
            inside = cs.containing(*ll)
            if rep.ok(not inside, "%s: sea waypoint %s lies inside %s" % (where, name, "/".join(inside))):
                near = cs.nearest_km(ll[0], ll[1], radius_deg=1.5)
                rep.info("%-38s sea_waypoint at sea; nearest land %s" %
                         (name, "%s %.1f km" % near if near else "none within ~150 km"))
        else:
            if rep.ok(p["country"] != "", "%s: %s has no country" % (where, name)):
                check_located(rep, cs, where, name, p["country"], p["kind"], ll[0], ll[1], args.border_tol_km)
    # Bengali alias for every Bangladeshi place
    for p in places:
        if p["country"] == "BGD":
            rep.ok(any("\u0980" <= c <= "\u09ff" for c in p["aliases"]),
                   "places.csv:%d: %s has no Bengali-script alias" % (p["_line"], p["name"]))
    print("places: %d (%d sea waypoints), %d resolver keys" %
          (len(places), sum(p["kind"] == "sea_waypoint" for p in places), len(index)))

    # ----------------------------------------------------------------- ports
    print("\n[ports.csv]")
    ports = read_csv(os.path.join(args.dir, "ports.csv"), PORTS_HEADER, rep)
    seen = set()
    for p in ports:
        where = "ports.csv:%d" % p["_line"]
        rep.ok(p["name"] and p["name"] not in seen, "%s: empty or duplicate name %r" % (where, p["name"]))
        seen.add(p["name"])
        rep.ok(p["kind"] in PORT_KINDS, "%s: %s: unknown kind %r" % (where, p["name"], p["kind"]))
        if p["kind"] in ("land_port", "river_port"):
            rep.ok(p["counterpart"] != "", "%s: %s: a land/river port needs a counterpart" % (where, p["name"]))
        ll = check_coords(rep, where, p["lon"], p["lat"])
        if ll is not None:
            check_located(rep, cs, where, p["name"], p["country"], p["kind"], ll[0], ll[1], args.border_tol_km)
    print("ports: %d" % len(ports))

    # ---------------------------------------------------------------- routes
    print("\n[routes_illustrative.csv]")
    routes = read_csv(os.path.join(args.dir, "routes_illustrative.csv"), ROUTES_HEADER, rep)
    ids = set()
    legs_checked = {"land": 0, "river": 0, "sea": 0, "air": 0}
    leg_cache = {}
    for r in routes:
        rid = r["route_id"]
        where = "routes_illustrative.csv:%d (%s)" % (r["_line"], rid)
        rep.ok(bool(ROUTE_ID_RE.match(rid)), "%s: route id %r is not like R001" % (where, rid))
        rep.ok(rid not in ids, "%s: duplicate route id" % where)
        ids.add(rid)
        rep.ok(r["crime"] in CRIMES, "%s: crime %r" % (where, r["crime"]))
        rep.ok(r["sex"] in SEXES, "%s: sex %r" % (where, r["sex"]))
        rep.ok(r["age_group"] in AGE_GROUPS, "%s: age_group %r" % (where, r["age_group"]))
        rep.ok(r["exploitation"] in EXPLOITATIONS, "%s: exploitation %r" % (where, r["exploitation"]))
        rep.ok(r["source"] in SOURCES, "%s: source %r" % (where, r["source"]))
        if r["crime"] == "SOM":
            rep.ok(r["exploitation"] in ("none", "unknown"),
                   "%s: SOM route with exploitation %r" % (where, r["exploitation"]))
        rep.ok(re.fullmatch(r"[1-9]\d*", r["weight"]) is not None and WEIGHT_MIN <= int(r["weight"]) <= WEIGHT_MAX,
               "%s: weight %r is not an integer in %d..%d" % (where, r["weight"], WEIGHT_MIN, WEIGHT_MAX))
        rep.ok(re.fullmatch(r"\d{4}", r["year"]) is not None and YEAR_MIN <= int(r["year"]) <= YEAR_MAX,
               "%s: year %r not in %d..%d" % (where, r["year"], YEAR_MIN, YEAR_MAX))
        try:
            conf = float(r["confidence"])
            rep.ok(0.0 <= conf <= 1.0, "%s: confidence %r not in 0..1" % (where, r["confidence"]))
        except ValueError:
            rep.ok(False, "%s: confidence %r is not a number" % (where, r["confidence"]))

        names = r["itinerary"].split(" > ")
        rep.ok(len(names) >= 2, "%s: itinerary has fewer than two places" % where)
        stops = []
        for n in names:
            p = index.get(norm(n))
            rep.ok(p is not None, "%s: %r does not resolve in places.csv" % (where, n))
            stops.append(p)
        for i in range(len(stops) - 1):
            if stops[i] is not None and stops[i] is stops[i + 1]:
                rep.ok(False, "%s: leg %d goes from %s to itself" % (where, i + 1, stops[i]["name"]))
        modes = r["modes"].split(" > ")
        rep.ok(all(m in MODES for m in modes), "%s: unknown mode in %r" % (where, r["modes"]))
        nlegs = len(names) - 1
        if len(modes) == 1:
            modes = modes * nlegs
        if not rep.ok(len(modes) == nlegs, "%s: %d modes for %d legs" % (where, len(modes), nlegs)):
            continue
        for i, mode in enumerate(modes):
            a, b = stops[i], stops[i + 1]
            if a is None or b is None or a["_ll"] is None or b["_ll"] is None or mode not in MODES:
                continue
            legs_checked[mode] += 1
            if mode == "air":
                continue
            key = (a["name"], b["name"], mode)
            if key not in leg_cache:
                leg_cache[key] = check_leg(cs, a, b, mode, args)
            msg = leg_cache[key]
            rep.ok(msg is None, "%s: leg %d %s > %s (%s): %s" % (where, i + 1, a["name"], b["name"], mode, msg))
    used = set()
    for r in routes:
        for n in r["itinerary"].split(" > "):
            if norm(n) in index:
                used.add(index[norm(n)]["name"])
    unused = [p["name"] for p in places if p["name"] not in used]
    if unused:
        rep.info("places not used by any route: " + ", ".join(unused))
    print("routes: %d; legs checked: %s; distinct geometric legs: %d" %
          (len(routes), ", ".join("%s %d" % kv for kv in sorted(legs_checked.items())), len(leg_cache)))

    print("\ncheck_sample: %d checks, %d violations" % (rep.checks, len(rep.errors)))
    if rep.errors:
        print("FAILED")
        return 1
    print("OK")
    return 0


def coast_probes(lat, km):
    """Offsets (degrees) of `km` in 16 directions from a point at latitude `lat`."""
    out = []
    for k in range(16):
        t = 2 * math.pi * k / 16
        out.append((km / (111.32 * max(math.cos(math.radians(lat)), 0.05)) * math.cos(t), km / 110.57 * math.sin(t)))
    return out


def check_leg(cs, a, b, mode, args):
    """Return None if the straight lon/lat segment a-b is fine for `mode`, else a message."""
    (ax, ay), (bx, by) = a["_ll"], b["_ll"]
    total = haversine_km(ax, ay, bx, by)
    land = merge(cs.land_intervals((ax, ay), (bx, by)))
    if mode == "sea" and a["kind"] != "sea_waypoint" and b["kind"] != "sea_waypoint":
        # Port to port: borderflow routes it over water; its ends must be near the sea.
        bad = []
        for p in (a, b):
            (x, y) = p["_ll"]
            near = cs.land_intervals((x - 0.001, y), (x + 0.001, y))
            if not near:
                continue  # at sea already
            if not any(not cs.land_intervals((x, y), (x + dx, y + dy)) or
                       merge(cs.land_intervals((x, y), (x + dx, y + dy)))[0][1] < 1.0
                       for dx, dy in coast_probes(y, args.sea_endpoint_km)):
                bad.append("%s is more than %.0f km from the sea" % (p["name"], args.sea_endpoint_km))
        return "; ".join(bad) if bad else None
    if mode == "sea":
        lo = min(args.sea_endpoint_km / total, 0.5) if total > 0 else 0.5
        bad = []
        for t0, t1 in land:
            c0, c1 = max(t0, lo), min(t1, 1.0 - lo)
            if c1 - c0 > 1e-9 and (c1 - c0) * total > 0.05:
                mx, my = ax + (bx - ax) * (c0 + c1) / 2, ay + (by - ay) * (c0 + c1) / 2
                bad.append("%.1f km of land around %.4f,%.4f (%.0f-%.0f km from the start)" %
                           ((c1 - c0) * total, mx, my, c0 * total, c1 * total))
        return "; ".join(bad) if bad else None
    # land / river: look for gaps between land intervals (open water)
    gaps, t = [], 0.0
    for t0, t1 in land:
        if t0 > t:
            gaps.append((t, t0))
        t = max(t, t1)
    if t < 1.0:
        gaps.append((t, 1.0))
    bad = []
    for g0, g1 in gaps:
        if (g1 - g0) * total > args.max_sea_km:
            mx, my = ax + (bx - ax) * (g0 + g1) / 2, ay + (by - ay) * (g0 + g1) / 2
            bad.append("%.1f km of open water around %.4f,%.4f" % ((g1 - g0) * total, mx, my))
    return "; ".join(bad) if bad else None


if __name__ == "__main__":
    sys.exit(main())
