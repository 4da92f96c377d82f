#!/usr/bin/python3
"""`borderflow analyze` on the bundled sample, checked with GDAL's own Python
bindings (osgeo.ogr / osgeo.gdal), not with borderflow's reader:

* every layer of the output contract (DESIGN.md, Outputs) with every key field
  of its type, in EPSG:4326, with sane values;
* the layer_styles table holds a default QGIS style (well-formed QML) for
  every layer;
* summary.json parses and records the parameters, those chosen automatically,
  the input checksums (checked against hashlib) and the layer counts;
* density.tif has a CRS and nodata, and integrates to the crossing weight;
* a second run gives identical layers, raster and summary.

    analyze_check.py BORDERFLOW_EXE SAMPLES_DIR
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import xml.dom.minidom

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

I, R, S, B = ogr.OFTInteger64, ogr.OFTReal, ogr.OFTString, "bool"
CONTRACT = {
    "borders": (ogr.wkbMultiLineString, {"country_a": S, "country_b": S, "kind": S, "length_m": R}),
    "route_edges": (ogr.wkbMultiLineString, {"edge_id": I, "from_node": I, "to_node": I, "mode": S, "flow": R,
                                        "n_routes": I, "length_m": R, "betweenness": R, "corridor_id": I,
                                        "is_bridge": B}),
    "route_nodes": (ogr.wkbPoint, {"node_id": I, "name": S, "kind": S, "degree": I, "flow_in": R, "flow_out": R,
                                   "betweenness": R, "is_articulation": B}),
    "crossings": (ogr.wkbPoint, {"crossing_id": I, "edge_id": I, "from_country": S, "to_country": S, "kind": S,
                                 "weight": R, "formal": B, "port": S, "port_dist_m": R}),
    "crossing_clusters": (ogr.wkbMultiPolygon, {"cluster_id": I, "n_crossings": I, "weight": R}),
    "hotspot_cells": (ogr.wkbMultiPolygon, {"cell_id": I, "value": R, "gi_z": R, "gi_p": R, "gi_bin": I,
                                            "n_neighbors": I}),
    "border_segments": (ogr.wkbMultiLineString, {"segment_id": I, "country_a": S, "country_b": S, "length_m": R,
                                                 "crossings": I, "weight": R, "weight_per_km": R, "gi_z": R,
                                                 "gi_bin": I}),
    "corridors": (ogr.wkbMultiLineString, {"corridor_id": I, "rank": I, "flow": R, "length_m": R, "n_edges": I,
                                      "countries": S}),
    "chokepoints": (ogr.wkbPoint, {"rank": I, "element": S, "ref_id": I, "intercepted_flow": R, "share": R}),
}


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def run(exe, samples, out_dir, extra=()):
    os.makedirs(out_dir)
    cmd = [exe, "analyze", "--config", os.path.join(samples, "bangladesh", "analysis.toml"),
           "-o", os.path.join(out_dir, "borderflow.gpkg"), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    check(p.returncode == 0, f"{cmd} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def layer_rows(path, name):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(name)
    rows = []
    for f in lyr:
        g = f.GetGeometryRef()
        rows.append((tuple(f.GetField(i) for i in range(f.GetFieldCount())), g.ExportToWkb() if g else None))
    return rows


def main():
    exe, samples = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        p = run(exe, samples, a)
        check("[100%] done" in p.stderr, "progress on stderr ends with done:\n" + p.stderr)
        check("Written:" in p.stdout and "hotspot_cells" in p.stdout, "human summary at the end:\n" + p.stdout)
        gpkg = os.path.join(a, "borderflow.gpkg")
        ds = ogr.Open(gpkg)
        check(ds.GetDriver().GetName() == "GPKG", "a GeoPackage")
        names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
        check(set(CONTRACT) <= names, f"layers missing: {set(CONTRACT) - names}")
        for name, (gtype, fields) in CONTRACT.items():
            lyr = ds.GetLayerByName(name)
            check(lyr.GetFeatureCount() > 0, f"{name} is empty")
            check(ogr.GT_Flatten(lyr.GetGeomType()) in (gtype, ogr.GT_Flatten(gtype)), f"{name} geometry type")
            srs = lyr.GetSpatialRef()
            check(srs is not None and srs.GetAuthorityCode(None) == "4326", f"{name} is not EPSG:4326")
            defn = lyr.GetLayerDefn()
            for fname, ftype in fields.items():
                i = defn.GetFieldIndex(fname)
                check(i >= 0, f"{name}.{fname} missing")
                fd = defn.GetFieldDefn(i)
                if ftype == B:
                    check(fd.GetSubType() == ogr.OFSTBoolean, f"{name}.{fname} is not boolean")
                elif ftype == I:
                    check(fd.GetType() in (ogr.OFTInteger, ogr.OFTInteger64), f"{name}.{fname} is not integer")
                else:
                    check(fd.GetType() == ftype, f"{name}.{fname} type {fd.GetTypeName()}")
            xmin, xmax, ymin, ymax = lyr.GetExtent()
            check(-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90, f"{name} extent {xmin, xmax, ymin, ymax}")
        # Sane values.
        cells = ds.GetLayerByName("hotspot_cells")
        bins = set()
        for f in cells:
            bn = f.GetField("gi_bin")
            if bn is not None:
                check(-3 <= bn <= 3, f"gi_bin {bn}")
                bins.add(bn)
                check(0 <= f.GetField("gi_p") <= 1, "gi_p in 0..1")
            check(f.GetField("value") >= 0, "cell value >= 0")
        check(3 in bins and 0 in bins, f"hot and not significant cells expected, got bins {sorted(bins)}")
        w_cross = sum(f.GetField("weight") for f in ds.GetLayerByName("crossings"))
        w_cells = sum(f.GetField("value") for f in ds.GetLayerByName("hotspot_cells"))
        check(abs(w_cross - w_cells) <= 1e-6 * w_cross, f"cells hold the crossing weight: {w_cells} vs {w_cross}")
        import re
        max_wpk = 0.0
        for f in ds.GetLayerByName("border_segments"):
            check(f.GetField("length_m") > 0 and f.GetField("weight") >= 0, "segment length and weight")
            wpk = f.GetField("weight_per_km")
            check(abs(wpk - f.GetField("weight") / (f.GetField("length_m") / 1000)) <= 1e-9 * max(1, wpk),
                  "weight_per_km = weight / length in km")
            max_wpk = max(max_wpk, wpk)
        shares = [f.GetField("share") for f in ds.GetLayerByName("chokepoints") if f.GetField("kind") == "checkpoint"]
        check(all(0 < s <= 1 for s in shares) and sum(shares) <= 1 + 1e-9, f"checkpoint shares {shares}")
        # Styles.
        styles = ds.GetLayerByName("layer_styles")
        check(styles is not None, "layer_styles table")
        styled = {}
        for f in styles:
            styled[f.GetField("f_table_name")] = f.GetField("styleQML")
            check(f.GetField("useAsDefault") in (1, True), "style is the default")
            check(f.GetField("f_geometry_column") == ds.GetLayerByName(f.GetField("f_table_name")).GetGeometryColumn(),
                  "geometry column of the style")
        check(set(CONTRACT) <= set(styled), f"layers without a style: {set(CONTRACT) - set(styled)}")
        for name, qml in styled.items():
            doc = xml.dom.minidom.parseString(qml.split("\n", 1)[1])  # after the DOCTYPE line
            check(doc.documentElement.tagName == "qgis", f"{name} style is QML")
            check(doc.getElementsByTagName("renderer-v2"), f"{name} style has a renderer")
        # Regression: the graduated classes of border_segments cover every value.
        uppers = [float(x) for x in re.findall(r'upper="([^"]+)"', styled["border_segments"])]
        check(uppers and max(uppers) >= max_wpk * (1 - 1e-5), f"top class {max(uppers)} below the largest weight/km {max_wpk}")
        hot_qml = styled["hotspot_cells"]
        for v in range(-3, 4):
            check(f'value="{v}"' in hot_qml, f"hotspot style has bin {v}")
        ds = None
        # summary.json
        with open(os.path.join(a, "summary.json")) as fh:
            s = json.load(fh)
        check(s["software"]["name"] == "borderflow" and s["software"]["version"], "software version")
        params = s["parameters"]
        for section in ("inputs", "crossings", "corridors", "hotspots", "segments", "clusters", "density", "output"):
            check(section in params, f"parameters.{section}")
        check(params["crossings"]["port_radius_m"] == 5000.0, "port radius recorded")
        chosen = params["chosen"]
        for k in ("working_crs", "cell_size_m", "gi_band_m", "segment_band_m", "density_bandwidth_m", "density_pixel_m"):
            check(chosen.get(k) not in (None, 0), f"chosen.{k} recorded: {chosen.get(k)}")
        for name, entry in s["inputs"]["checksums"].items():
            with open(entry["path"], "rb") as fh:
                check(hashlib.sha256(fh.read()).hexdigest() == entry["sha256"], f"checksum of {name}")
        check({"borders", "routes", "places", "ports"} <= set(s["inputs"]["checksums"]), "checksums of every input")
        for name in CONTRACT:
            check(s["outputs"]["layers"][name] > 0, f"count of {name}")
        check(s["hotspots"]["top_cells"] and s["hotspots"]["top_segments"], "top hot spots")
        check(s["corridors"]["corridors"] > 0 and s["corridors"]["checkpoints"], "corridors and checkpoints")
        # density.tif
        r = gdal.Open(os.path.join(a, "density.tif"))
        check(r.GetSpatialRef() is not None and r.GetSpatialRef().IsProjected(), "density CRS")
        band = r.GetRasterBand(1)
        check(band.GetNoDataValue() == -9999.0, "density nodata")
        arr = band.ReadRaster()
        import struct
        vals = struct.unpack(f"{r.RasterXSize * r.RasterYSize}f", arr)
        gt = r.GetGeoTransform()
        integral = sum(vals) * abs(gt[1] * gt[5]) / 1e6
        check(abs(integral - w_cross) <= 0.01 * w_cross, f"density integrates to the weight: {integral} vs {w_cross}")
        r = None
        # A second run gives the same layers, raster and summary.
        q = run(exe, samples, b, ["-q"])
        check(q.stderr == "", "-q: nothing on stderr")
        for name in list(CONTRACT) + ["layer_styles"]:
            check(layer_rows(gpkg, name) == layer_rows(os.path.join(b, "borderflow.gpkg"), name), f"{name} differs between runs")
        for f in ("density.tif",):
            with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
                check(x.read() == y.read(), f"{f} differs between runs")
        with open(os.path.join(b, "summary.json")) as fh:
            s2 = json.load(fh)
        for key in ("crossings", "corridors", "hotspots", "parameters"):
            s2p, sp = json.dumps(s2[key], sort_keys=True), json.dumps(s[key], sort_keys=True)
            if key == "parameters":  # the output paths differ (a/ vs b/)
                s2p, sp = s2p.replace(b, a), sp
            check(s2p == sp, f"summary.{key} differs between runs")
    print("analyze on the sample: every layer, field, style and summary entry checked; two runs identical")


if __name__ == "__main__":
    main()
