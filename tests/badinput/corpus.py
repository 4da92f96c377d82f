#!/usr/bin/python3
"""The bad-input corpus: broken inputs, each with the error (or warning) it must give.

Every case builds its inputs in a fresh temporary folder (from the bundled
Bangladesh sample or written out here), runs the `borderflow` command given
on the command line, and checks:
  * the exit code (0 where loading is right, with the warning expected);
  * that the messages (stderr, or the warnings of the report on stdout)
    contain every expected fragment (file, line or feature, and what to do);
  * no crash: no signal, no "internal error", no sanitizer report;
  * no hang: each case must finish within 120 s (a hang is a failure, not a
    timing assertion: the cases take well under a second);
  * no partial output: after a failure, the output folder holds nothing.

    tests/badinput/corpus.py build/apps/cli/borderflow [--list] [-k NAME]

The table of cases and what each gives is in tests/badinput/README.md.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "geodata", "samples", "bangladesh")
DATA = os.path.join(ROOT, "tests", "data")
COUNTRIES = os.path.join(SAMPLE, "countries.gpkg")
PLACES = os.path.join(SAMPLE, "places.csv")

ROUTES_HEADER = "route_id,crime,itinerary,modes,weight,year\n"
GOOD_ROUTE = "R1,TIP,Jashore > Benapole > Petrapole > Kolkata,land,3,2019\n"


def write(d, name, text, encoding="utf-8", newline=None):
    path = os.path.join(d, name)
    with open(path, "w", encoding=encoding, newline=newline) as f:
        f.write(text)
    return path


def validate(routes, borders=COUNTRIES, places=PLACES, extra=()):
    args = ["validate", "--borders", borders, "--routes", routes]
    if places:
        args += ["--places", places]
    return args + list(extra)


# Each case: (name, what it is, setup(d) -> argv after the executable, exit code, fragments in stderr).
# setup may return (argv, output_path) when the command writes an output.
CASES = []


def case(name, what, code, *fragments):
    def wrap(setup):
        CASES.append((name, what, setup, code, fragments))
        return setup
    return wrap


# ---------------------------------------------------------------- files that are not what they claim

@case("shapefile_without_shx", "a Shapefile whose .shx is missing", 3, "units.shp", "units.shx", "missing",
      "copy all")
def _(d):
    for ext in ("shp", "dbf", "prj", "cpg"):
        shutil.copy(os.path.join(DATA, "units_shp", f"units.{ext}"), d)
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=os.path.join(d, "units.shp"))


@case("shapefile_without_dbf", "a Shapefile whose .dbf is missing", 3, "units.shp", "units.dbf",
      "attribute table", "missing")
def _(d):
    for ext in ("shp", "shx", "prj"):
        shutil.copy(os.path.join(DATA, "units_shp", f"units.{ext}"), d)
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=os.path.join(d, "units.shp"))


@case("gpkg_not_a_database", "a .gpkg that is a text file", 3, "countries.gpkg", "not")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=write(d, "countries.gpkg", "hello\n"))


@case("geojson_syntax_error", "GeoJSON with a missing comma on line 4", 3, "units.geojson", "line 4")
def _(d):
    text = ('{"type": "FeatureCollection", "features": [\n'
            '{"type": "Feature", "properties": {"iso_a3": "BGD"},\n'
            ' "geometry": {"type": "Polygon", "coordinates": [[[88, 21], [92, 21], [92, 26], [88, 26], [88, 21]]]}},\n'
            '{"type": "Feature" "properties": {"iso_a3": "IND"},\n'
            ' "geometry": {"type": "Polygon", "coordinates": [[[80, 21], [88, 21], [88, 26], [80, 26], [80, 21]]]}}\n'
            ']}\n')
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=write(d, "units.geojson", text))


@case("geojson_number_overflow", "GeoJSON with a number beyond a double (9e99999), then broken", 3, "units.geojson",
      "number too large")
def _(d):
    # Found by fuzz_route_reader: the JSON check stopped at the number and
    # escaped as an internal error.
    text = ('{"type": "FeatureCollection", "features": [\n'
            '{"type": "Feature", "properties": {"iso_a3": "BGD", "weight": 9e99999},\n'
            ' "geometry": {"type": "Polygon", "coordinates": [[[88, 21], [92, 21], [92, 26], [88, 26], [88, 21]]]}}\n'
            '</oops>\n')
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=write(d, "units.geojson", text))


@case("zero_byte_file", "a routes file of 0 bytes", 3, "routes.csv", "empty")
def _(d):
    return validate(write(d, "routes.csv", ""))


@case("directory_as_file", "a folder given as the routes file", 3, "routes_dir", "directory", "give the path of a file")
def _(d):
    os.mkdir(os.path.join(d, "routes_dir"))
    return validate(os.path.join(d, "routes_dir"))


@case("missing_file", "a routes file that does not exist", 3, "nope.csv", "no such file", "check the path")
def _(d):
    return validate(os.path.join(d, "nope.csv"))


@case("empty_layer", "a routes CSV with a header and no rows", 3, "routes.csv", "has no routes")
def _(d):
    return validate(write(d, "routes.csv", ROUTES_HEADER))


# ---------------------------------------------------------------- tables

@case("csv_bom_quotes_crlf", "places CSV with a BOM, quoted commas and CRLF line ends (must load)", 0)
def _(d):
    with open(PLACES, encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines = [lines[0]] + [f'"{l.split(",")[0]}, place",' + ",".join(l.split(",")[1:]) if i == 1 else l
                          for i, l in enumerate(lines[1:], 1)]
    first = lines[1].split(",")[0].strip('"')
    places = write(d, "places.csv", "\ufeff" + "\r\n".join(lines) + "\r\n", newline="")
    routes = write(d, "r.csv", ROUTES_HEADER + f'R1,TIP,"{first}, place > Benapole > Petrapole",land,3,2019\r\n',
                   newline="")
    return validate(routes, places=places)


@case("itinerary_one_place", "an itinerary naming a single place", 3, "r.csv", "line 2", "two places")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore,land,3,2019\n"))


@case("unknown_place", "a misspelled place, with the closest names suggested", 3, "r.csv", "line 2", "Benapoel",
      "Benapole")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapoel > Kolkata,land,3,2019\n"))


@case("negative_weight", "a negative weight", 3, "r.csv", "line 2", "weight")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapole,land,-3,2019\n"))


@case("non_numeric_weight", "a weight that is not a number", 3, "r.csv", "line 2", "weight", "three")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapole,land,three,2019\n"))


@case("infinite_weight", "a weight too large for a number", 3, "r.csv", "line 2", "weight")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapole,land,1e400,2019\n"))


@case("year_out_of_range", "a year of 3019", 3, "r.csv", "line 2", "year", "3019")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapole,land,3,3019\n"))


@case("year_not_a_number", "a year that is not a number", 3, "r.csv", "line 2", "year")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + "R1,TIP,Jashore > Benapole,land,3,twenty\n"))


@case("duplicate_route_ids", "two itineraries with the same route id", 3, "r.csv", "line 3", "R1")
def _(d):
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE + "R1,SOM,Teknaf > Maungdaw,river,2,2020\n"))


# ---------------------------------------------------------------- geometry

@case("mixed_geometry_types", "a routes layer mixing a point and a line", 4, "routes.geojson", "feature 1", "Point",
      "not a line")
def _(d):
    text = ('{"type": "FeatureCollection", "features": [\n'
            '{"type": "Feature", "properties": {"route_id": "R1"}, "geometry": {"type": "LineString", '
            '"coordinates": [[89.2, 23.17], [88.83, 23.05]]}},\n'
            '{"type": "Feature", "properties": {"route_id": "R2"}, "geometry": {"type": "Point", '
            '"coordinates": [89.2, 23.17]}}\n]}\n')
    return validate(write(d, "routes.geojson", text), places=None)


@case("self_intersecting_ring", "a bow-tie border polygon (repaired, with a warning)", 0, "units.geojson",
      "feature 0", "repaired", "Self-intersection")
def _(d):
    text = ('{"type": "FeatureCollection", "features": [\n'
            '{"type": "Feature", "properties": {"iso_a3": "BGD"}, "geometry": {"type": "Polygon", '
            '"coordinates": [[[88, 21], [92, 26], [92, 21], [88, 26], [88, 21]]]}},\n'
            '{"type": "Feature", "properties": {"iso_a3": "IND"}, "geometry": {"type": "Polygon", '
            '"coordinates": [[[80, 21], [88, 21], [88, 26], [80, 26], [80, 21]]]}}\n]}\n')
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=write(d, "units.geojson", text))


@case("unclosed_ring", "a GeoJSON border polygon whose ring is not closed (GDAL closes it: loads)", 0)
def _(d):
    text = ('{"type": "FeatureCollection", "features": [\n'
            '{"type": "Feature", "properties": {"iso_a3": "BGD"}, "geometry": {"type": "Polygon", '
            '"coordinates": [[[88, 21], [92, 21], [92, 26], [88, 26]]]}}\n]}\n')
    return validate(write(d, "r.csv", ROUTES_HEADER + GOOD_ROUTE), borders=write(d, "units.geojson", text))


@case("zero_length_leg", "a route line of zero length (loads, with a warning)", 0, "r.csv", "line 2", "zero length")
def _(d):
    return validate(write(d, "r.csv", "route_id,weight,wkt\nR1,3,\"LINESTRING (89.2 23.17, 89.2 23.17)\"\n"),
                    places=None, extra=["--assume-crs", "EPSG:4326"])


@case("metres_as_degrees", "UTM metres in a file declared EPSG:4326", 4, "r.csv", "line 2", "metres declared as degrees")
def _(d):
    return validate(write(d, "r.csv", "route_id,weight,wkt\nR1,3,\"LINESTRING (720000 2560000, 690000 2550000)\"\n"),
                    places=None, extra=["--assume-crs", "EPSG:4326"])


@case("lat_lon_swapped", "routes written latitude first", 5, "r.csv", "swapped", "longitude first")
def _(d):
    return validate(write(d, "r.csv", "route_id,weight,wkt\nR1,3,\"LINESTRING (23.17 89.2, 23.05 88.83)\"\n"),
                    places=None, extra=["--assume-crs", "EPSG:4326"])


# ---------------------------------------------------------------- outputs

def analyze(d, out):
    routes = os.path.join(SAMPLE, "routes_illustrative.csv")
    return ["crossings", "--borders", COUNTRIES, "--routes", routes, "--places", PLACES, "-o", out]


@case("unwritable_output", "an output in a folder that cannot be written", 6, "out.gpkg", "cannot create the output",
      "permissions")
def _(d):
    if os.geteuid() == 0:  # root writes through file modes: use a folder no one can write in
        return analyze(d, "/proc/out.gpkg"), None
    ro = os.path.join(d, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    return analyze(d, os.path.join(ro, "out.gpkg")), ro


@case("output_in_missing_folder", "an output in a folder that does not exist", 6, "missing", "folder")
def _(d):
    return analyze(d, os.path.join(d, "missing", "out.gpkg")), None


@case("output_is_an_input", "the output path is the routes file", 6, "routes_illustrative.csv", "overwrite the input",
      "choose another -o")
def _(d):
    return ["crossings", "--borders", COUNTRIES, "--routes", os.path.join(SAMPLE, "routes_illustrative.csv"),
            "--places", PLACES, "-o", os.path.join(SAMPLE, "routes_illustrative.csv")], None


@case("negative_min_count", "--min-count -1", 2, "--min-count", ">= 0")
def _(d):
    return analyze(d, os.path.join(d, "out.gpkg")) + ["--min-count", "-1"], d


@case("by_free_text", "--by on a field of free text (a note per route)", 2, "--by note", "looks like free text",
      "--by-allow-free-text")
def _(d):
    rows = ["route_id,crime,itinerary,modes,weight,year,note"]
    for i in range(60):
        rows.append(f"F{i},TIP,Jashore > Benapole > Petrapole > Kolkata,land,12,2020,interview {i} in the camp")
    routes = write(d, "routes.csv", "\n".join(rows) + "\n")
    return ["hotspots", "--borders", COUNTRIES, "--routes", routes, "--places", PLACES, "--by", "note",
            "-o", os.path.join(d, "out.gpkg")], os.path.join(d, "out.gpkg")


def run_case(exe, name, what, setup, code, fragments):
    d = tempfile.mkdtemp(prefix=f"bf_bad_{name}_")
    out_dir = None
    try:
        got = setup(d)
        argv, out_dir = (got, None) if isinstance(got, list) else got
        before = set(os.listdir(out_dir)) if out_dir and os.path.isdir(out_dir) else set()
        try:
            p = subprocess.run([exe] + argv, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            return [f"hung (no answer in 120 s): {' '.join(argv)}"], ""
        problems = []
        if p.returncode < 0:
            problems.append(f"killed by signal {signal.Signals(-p.returncode).name}")
        if p.returncode != code:
            problems.append(f"exit code {p.returncode}, expected {code}")
        for bad in ("internal error", "AddressSanitizer", "runtime error:", "LeakSanitizer"):
            if bad in p.stderr:
                problems.append(f"stderr has '{bad}'")
        said = p.stderr + p.stdout  # errors go to stderr, warnings of a report to stdout
        for frag in fragments:
            if frag.lower() not in said.lower():
                problems.append(f"output lacks '{frag}'")
        if code != 0 and out_dir and os.path.isdir(out_dir):
            left = set(os.listdir(out_dir)) - before
            if left:
                problems.append(f"left behind: {sorted(left)}")
        return problems, (p.stderr.strip() or "\n".join(l for l in p.stdout.splitlines() if "warning" in l))
    finally:
        for root, dirs, _ in os.walk(d):
            for x in dirs:
                os.chmod(os.path.join(root, x), 0o755)
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exe")
    ap.add_argument("--list", action="store_true", help="print each case and the message it gives")
    ap.add_argument("-k", default="", help="only cases whose name contains this")
    a = ap.parse_args()
    failed = 0
    for name, what, setup, code, fragments in CASES:
        if a.k and a.k not in name:
            continue
        problems, stderr = run_case(os.path.abspath(a.exe), name, what, setup, code, fragments)
        status = "ok" if not problems else "FAIL"
        failed += bool(problems)
        print(f"[{status}] {name}: {what} -> exit {code}")
        if problems or a.list:
            for line in stderr.splitlines()[:6]:
                print(f"        | {line}")
        for pr in problems:
            print(f"        ! {pr}")
    print(f"{len(CASES) - failed if not a.k else '-'} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
