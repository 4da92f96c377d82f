#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (corpus/<target>/).

The seeds are small valid inputs that reach deep into each target, so that
the fuzzer mutates from there. Run it again after changing a target's input
format; the files it writes are committed.
"""
import os
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def write(target, name, data):
    d = HERE / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# ---------------------------------------------------------------- itinerary
write("fuzz_itinerary", "simple", "Jashore > Benapole > Kolkata\nland\n")
write("fuzz_itinerary", "arrows_modes", "Jessore -> Benapol → Calcutta\nland > land\nDhaka|Dacca|ঢাকা\n")
write("fuzz_itinerary", "added_places", "Dhaka > Teknaf > Kutupalong\nland>sea\nDhaka|Dacca\nKutupalong|Kutupalang camp\n")
write("fuzz_itinerary", "misspelt", "Jashor > Benapol > Kolkatta\n\n")
write("fuzz_itinerary", "one_place", "Teknaf\nsea\n")
write("fuzz_itinerary", "empty_part", "Teknaf >> Cox's Bazar\n\n")

# ---------------------------------------------------------------- readers
sample = HERE.parent.parent / "geodata" / "samples" / "bangladesh"
write("fuzz_route_reader", "itinerary.csv",
      "route_id,crime,itinerary,modes,weight,year,confidence\n"
      "R1,TIP,Jashore > Benapole > Kolkata,land,12,2016,0.7\n"
      "R2,SOM,\"Teknaf > Cox's Bazar\",sea,3,2019,\n")
write("fuzz_route_reader", "bom_crlf_quoted.csv",
      "\ufeffroute_id,itinerary,weight\r\n\"R,1\",\"Jashore > Benapole\",2\r\n")
write("fuzz_route_reader", "wkt.csv",
      "route_id,mode,leg,weight,WKT\n"
      "A,land,1,4,\"LINESTRING (88.5 22.5, 89.5 22.6, 89.9 23.1)\"\n"
      "A,sea,2,4,\"LINESTRING (89.9 23.1, 91 21)\"\n"
      "B,land,1,1,\"MULTILINESTRING ((88 22, 88.1 22.1), (88.1 22.1, 88.3 22))\"\n")
write("fuzz_route_reader", "lines.geojson",
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"route_id":"G1","weight":5,'
      '"mode":"land"},"geometry":{"type":"LineString","coordinates":[[88.9,23.0],[88.8,23.1]]}}]}')
write("fuzz_route_reader", "places.csv", (sample / "places.csv").read_text(encoding="utf-8").splitlines(True)[0] +
      "".join((sample / "places.csv").read_text(encoding="utf-8").splitlines(True)[1:6]))
write("fuzz_route_reader", "ports.csv", "".join((sample / "ports.csv").read_text(encoding="utf-8").splitlines(True)[:4]))
write("fuzz_route_reader", "incidents.csv", "lon,lat,weight,group\n92.3,20.9,3,a\n92.31,20.88,1,b\n")
write("fuzz_route_reader", "borders.geojson",
      '{"type":"FeatureCollection","features":['
      '{"type":"Feature","properties":{"iso_a3":"AAA"},"geometry":{"type":"Polygon","coordinates":'
      '[[[88,22],[89,22],[89,23],[88,23],[88,22]],[[88.2,22.2],[88.4,22.2],[88.4,22.4],[88.2,22.2]]]}},'
      '{"type":"Feature","properties":{"iso_a3":"BBB"},"geometry":{"type":"Polygon","coordinates":'
      '[[[89,22],[90,23],[90,22],[89,23],[89,22]]]}},'
      '{"type":"Feature","properties":{"iso_a3":"AAA"},"geometry":{"type":"Polygon","coordinates":'
      '[[[88,23],[89,23],[88.5,23.5],[88,23]]]}}]}')
write("fuzz_route_reader", "border_lines.csv",
      'country_a,country_b,WKT\nAAA,BBB,"LINESTRING (89 22, 89 23)"\nAAA,,"LINESTRING (89 22, 88 22, 88 23, 89 23)"\n')
write("fuzz_route_reader", "track.gpx",
      '<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><name>T1</name><trkseg>'
      '<trkpt lat="23.0" lon="88.9"/><trkpt lat="23.1" lon="88.8"/></trkseg></trk></gpx>')


# ---------------------------------------------------------------- crossings
# The byte layout of fuzz_crossings.cpp's decode(): a vertex is two signed
# bytes, (lon - 89) * 32 and (lat - 22) * 32.
def v(lon, lat):
    return bytes([round((lon - 89) * 32) & 0xFF, round((lat - 22) * 32) & 0xFF])


def ring(pts):  # closed by the decoder
    return bytes([len(pts) - 3]) + b"".join(v(*p) for p in pts)


def square(x0, x1, y0, y1):
    return ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def unit(*polys):  # polys: (shell bytes, hole bytes or None)
    out = bytes([len(polys) - 1])
    for shell, hole in polys:
        out += shell + (b"\x01" + hole if hole else b"\x00")
    return out


def routes(*rs):  # rs: (weight, [(mode, [pts])])
    out = bytes([len(rs) - 1])
    for w, legs in rs:
        out += bytes([w - 1, len(legs) - 1])
        for mode, pts in legs:
            out += bytes([mode, len(pts) - 2]) + b"".join(v(*p) for p in pts)
    return out


def ports(*ps):
    return bytes([len(ps)]) + b"".join(v(*p) for p in ps)


LAND, RIVER, SEA, AIR = 0, 1, 2, 3
A = square(88, 89, 22, 23)
B = square(89, 90, 22, 23)
C = square(90.5, 91, 22, 23)
write("fuzz_crossings", "land_a_to_b",
      b"\x00\x01" + unit((A, None)) + unit((B, None)) + routes((3, [(LAND, [(88.5, 22.5), (89.5, 22.5)])])) +
      ports((89, 22.5)))
write("fuzz_crossings", "sea_b_to_c",
      b"\x08\x02" + unit((A, None)) + unit((B, None)) + unit((C, None)) +
      routes((2, [(LAND, [(88.5, 22.5), (89.5, 22.6)]), (SEA, [(89.5, 22.6), (90.75, 22.5)])]),
             (1, [(AIR, [(88.5, 22.5), (90.75, 22.75)])])) + ports())
write("fuzz_crossings", "hole_and_along_border",
      b"\x08\x01" + unit((A, square(88.25, 88.75, 22.25, 22.75))) + unit((B, None)) +
      routes((1, [(LAND, [(88.1, 22.5), (88.9, 22.5), (89, 22.5), (89, 22.9), (89.5, 22.9)])]),
             (4, [(RIVER, [(89, 22), (89, 23)])])) + ports())
write("fuzz_crossings", "bowtie_repaired",
      b"\x00\x01" + unit((ring([(88, 22), (89, 23), (89, 22), (88, 23)]), None)) + unit((B, None)) +
      routes((1, [(LAND, [(88.2, 22.5), (89.5, 22.5)])])) + ports())


def line(a, b, pts, close=False):  # a, b: unit 0-2, b 3 = coast
    return bytes([a, b, len(pts) - 2]) + b"".join(v(*p) for p in pts) + bytes([1 if close else 0])


write("fuzz_crossings", "border_lines",
      b"\x01" + bytes([2]) + line(0, 1, [(89, 22), (89, 23)]) +
      line(0, 3, [(89, 22), (88, 22), (88, 23), (89, 23)]) + line(1, 3, [(89, 22), (90, 22), (90, 23), (89, 23)]) +
      routes((1, [(LAND, [(88.5, 22.5), (89.5, 22.5)])])) + ports())
write("fuzz_crossings", "coast_lines",
      b"\x04\x00" + unit((A, None)) + b"\x00" + ring([(88, 22), (88.9, 22), (88.9, 22.9), (88, 22.9)]) +
      routes((1, [(SEA, [(88.5, 22.5), (89.5, 22.5)])])) + ports())
print("seeds written under", HERE / "corpus")
