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


def check_geopackage(gpkg):
    """GDAL's own GeoPackage validator, and SQLite's rtreecheck() on the spatial
    index of every layer with geometry (packed by geodata/detail/gpkg_rtree)."""
    validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
    p = subprocess.run([sys.executable, validator, gpkg], capture_output=True, text=True)
    check(p.returncode == 0, f"validate_gpkg.py {gpkg}:\n{p.stdout}{p.stderr}")
    import sqlite3
    db = sqlite3.connect(gpkg)
    tables = db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall()
    check(len(tables) >= 8, f"layers with geometry: {tables}")
    for table, column in tables:
        n = db.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL').fetchone()[0]
        rt = f"rtree_{table}_{column}"
        check(db.execute(f"SELECT rtreecheck('{rt}')").fetchone()[0] == "ok", f"rtreecheck {rt}")
        check(db.execute(f'SELECT count(*) FROM "{rt}"').fetchone()[0] == n, f"{rt} holds every feature")
    db.close()


def main():
    exe, samples = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        p = run(exe, samples, a, ["--min-count", "0"])  # every count published: the values are checked
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
        check_geopackage(gpkg)
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
        q = run(exe, samples, b, ["-q", "--min-count", "0"])
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
        # The default run suppresses counts below 11; checked against the unprotected run.
        c = os.path.join(tmp, "c")
        run(exe, samples, c, ["-q"])
        check_protection(a, c, 11)
        # Cells valued by route length (persons x km) are protected by the persons behind them.
        d, e = os.path.join(tmp, "d"), os.path.join(tmp, "e")
        run(exe, samples, d, ["-q", "--min-count", "0", "--value", "route_length"])
        run(exe, samples, e, ["-q", "--value", "route_length"])
        check_route_length_protection(d, e, 11)
    print("analyze on the sample: every layer, field, style and summary entry checked; two runs identical; "
          "small counts suppressed by default")


# Layer -> (decider field, fields emptied with it, group fields whose totals are published).
PROTECTED = {
    "crossings": [("weight", ["weight", "route_id", "leg"], ["from_country", "to_country", "kind"])],
    "crossing_clusters": [("weight", ["weight", "n_crossings", "n_core"], None)],
    "hotspot_cells": [("value", ["value"], ["__all__"])],  # the summary has the total of every cell
    "border_segments": [("weight", ["weight", "crossings", "weight_per_km"], ["country_a", "country_b"]),
                        ("weight", ["weight", "crossings", "weight_per_km"], ["__all__"])],
    "route_edges": [("flow", ["flow", "n_routes"], ["from_node"]), ("flow", ["flow", "n_routes"], ["to_node"])],
    "route_nodes": [("flow_in", ["flow_in"], None), ("flow_out", ["flow_out"], None)],
    "corridors": [("flow", ["flow"], None)],
    "chokepoints": [("intercepted_flow", ["intercepted_flow", "share"], None)],
}


def rows_of(gpkg, name):
    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName(name)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    out = [dict(zip(names, (f.GetField(i) for i in range(len(names))))) for f in lyr]
    ds = None
    return out


def check_summary_as_layers(summary, prot_gpkg):
    """The summary's top cells and segments withhold what their layer rows withhold."""
    for key, layer, id_key, fields in (("top_cells", "hotspot_cells", "cell_id", ("value", "gi_z", "gi_p")),
                                       ("top_segments", "border_segments", "segment_id",
                                        ("weight", "crossings", "weight_per_km", "gi_z"))):
        rows = {r[id_key]: r for r in rows_of(prot_gpkg, layer)}
        for top in summary["hotspots"][key]:
            row = rows[top[id_key]]
            for f in fields:
                if row[f] is None:
                    check(top[f] is None, f"summary hotspots.{key}: {id_key} {top[id_key]} shows {f} = {top[f]}, "
                          "which its layer row withholds")


def check_route_length_protection(raw_dir, prot_dir, k):
    """With --value route_length a cell's value is persons x km; it is withheld when the
    persons whose routes pass through the cell are fewer than k. Independent bound: those
    persons are at most the summed flow of the route edges (unprotected run) whose lines
    meet the cell (OGR, cell grown by 0.01 degree), so a cell with that bound below k must
    be withheld."""
    raw_gpkg, prot_gpkg = os.path.join(raw_dir, "borderflow.gpkg"), os.path.join(prot_dir, "borderflow.gpkg")
    ds = ogr.Open(raw_gpkg)
    edges = [(f.GetGeometryRef().Clone(), f.GetField("flow")) for f in ds.GetLayerByName("route_edges")
             if f.GetField("mode") != "air"]
    cells_raw = [(f.GetGeometryRef().Buffer(0.01), f.GetField("value")) for f in ds.GetLayerByName("hotspot_cells")]
    ds = None
    cells = rows_of(prot_gpkg, "hotspot_cells")
    withheld = shown = 0
    for (poly, raw_value), got in zip(cells_raw, cells):
        if not raw_value:
            continue
        bound = sum(flow for line, flow in edges if line.Intersects(poly))
        if bound < k:
            check(got["value"] is None and got["suppressed"],
                  f"route_length cell {got['cell_id']}: at most {bound} persons pass it, yet its value is shown")
            withheld += 1
        if got["value"] is not None:
            check(abs(got["value"] - raw_value) <= 1e-9 * raw_value, "a shown route_length value differs")
            shown += 1
    check(withheld > 0 and shown > 0, f"route_length: {withheld} cells must be withheld, {shown} shown")
    print(f"route_length cells: {withheld} withheld by the independent bound, {shown} shown, "
          f"{sum(1 for c in cells if c['suppressed'])} suppressed in all")
    with open(os.path.join(prot_dir, "summary.json")) as fh:
        check_summary_as_layers(json.load(fh), prot_gpkg)


def check_protection(raw_dir, prot_dir, k):
    raw_gpkg, prot_gpkg = os.path.join(raw_dir, "borderflow.gpkg"), os.path.join(prot_dir, "borderflow.gpkg")
    with open(os.path.join(prot_dir, "summary.json")) as fh:
        summary = json.load(fh)
    prot = summary["protection"]
    check(prot["min_count"] == k, f"protection.min_count {prot['min_count']}")
    for layer, measures in PROTECTED.items():
        raw, got = rows_of(raw_gpkg, layer), rows_of(prot_gpkg, layer)
        check(len(raw) == len(got), f"{layer}: same rows with and without protection")
        flagged = sum(1 for r in got if r["suppressed"])
        check(flagged == prot["suppressed_rows"].get(layer), f"{layer}: {flagged} rows flagged, summary says "
              f"{prot['suppressed_rows'].get(layer)}")
        for field, emptied, group in measures:
            for r, g in zip(raw, got):
                v = r[field]
                if v is not None and 0 < v < k:
                    check(g["suppressed"] and all(g[e] is None for e in emptied),
                          f"{layer}: {field} {v} < {k} is not suppressed: {g}")
                if g[field] is not None:
                    check(g[field] == v, f"{layer}: a shown {field} differs from the unprotected run")
                    check(not (0 < g[field] < k), f"{layer}: {field} {g[field]} shown")
            if group:
                # No group whose total is published has exactly one hidden value.
                # (A group of one is its total: hidden with it, as the total is below k too.)
                hidden, size = {}, {}
                for r, g in zip(raw, got):
                    if r[field] is not None and r[field] > 0:
                        key = tuple(r[x] for x in group if x != "__all__")
                        hidden[key] = hidden.get(key, 0) + (g[field] is None)
                        size[key] = size.get(key, 0) + 1
                single = [key for key, h in hidden.items() if h == 1 and size[key] > 1]
                check(not single, f"{layer}: groups {single[:3]} by {group} have one hidden {field}: "
                      "their total would give it away")
    # flow = flow_tip + flow_som + flow_unknown: never exactly one of the parts hidden.
    for r, g in zip(rows_of(raw_gpkg, "route_edges"), rows_of(prot_gpkg, "route_edges")):
        parts = [p for p in ("flow_tip", "flow_som", "flow_unknown") if r[p] and r[p] > 0]
        if g["flow"] is not None:
            check(sum(g[p] is None for p in parts) != 1, f"route_edges: edge {r['edge_id']} shows its flow and "
                  "its flow by crime with exactly one part hidden")
    # The summary's tables: a published total never has exactly one hidden row.
    with open(os.path.join(raw_dir, "summary.json")) as fh:
        raw_summary = json.load(fh)
    hidden_pairs = [p for p, q in zip(raw_summary["crossings"]["by_pair"], summary["crossings"]["by_pair"])
                    if p["weight"] > 0 and q["weight"] is None]
    check(len(hidden_pairs) != 1, f"summary by_pair: exactly one pair hidden: {hidden_pairs}")
    # A node's flow in (out) is the sum of its edges': it must not show the one hidden edge flow among them.
    edges_raw, edges, nodes = (rows_of(raw_gpkg, "route_edges"), rows_of(prot_gpkg, "route_edges"),
                               rows_of(prot_gpkg, "route_nodes"))
    for end, total in (("to_node", "flow_in"), ("from_node", "flow_out")):
        by_node = {}
        for r, g in zip(edges_raw, edges):
            if r["flow"] and r["flow"] > 0:
                by_node.setdefault(r[end], []).append(g["flow"] is None)
        for node in nodes:
            hid = by_node.get(node["node_id"], [])
            if node[total] is not None:
                check(sum(hid) != 1, f"route_nodes: {total} of node {node['node_id']} shown with exactly one of its "
                      f"edges' flows hidden")
    check_summary_as_layers(summary, prot_gpkg)
    cells_raw, cells = rows_of(raw_gpkg, "hotspot_cells"), rows_of(prot_gpkg, "hotspot_cells")
    for r, g in zip(cells_raw, cells):
        if g["gi_z"] is not None:
            check(g["gi_z"] == r["gi_z"], "a shown gi_z differs from the unprotected run")
    check(any(g["suppressed"] for g in cells) and any(g["gi_z"] is None and not g["suppressed"] and r["gi_z"] is not None
                                                    for r, g in zip(cells_raw, cells)),
          "Gi* z withheld next to suppressed cells")

    def numbers(x, path=""):
        if isinstance(x, dict):
            for key, v in x.items():
                yield from numbers(v, f"{path}.{key}")
        elif isinstance(x, list):
            for v in x:
                yield from numbers(v, path)
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            yield path, x
    for section in ("crossings", "corridors", "hotspots"):
        for path, v in numbers(summary[section], section):
            leaf = path.rsplit(".", 1)[-1]
            if leaf in ("weight", "formal_weight", "flow", "flow_in", "flow_out", "intercepted_flow", "value"):
                check(not (0 < v < k), f"summary {path} = {v} is below {k}")
    # Density: pixels reached by less than k persons are no data, the others as without protection.
    def pixels(d):
        r = gdal.Open(os.path.join(d, "density.tif"))
        import struct
        vals = struct.unpack(f"{r.RasterXSize * r.RasterYSize}f", r.GetRasterBand(1).ReadRaster())
        r = None
        return vals
    pr, pp = pixels(raw_dir), pixels(prot_dir)
    nodata = sum(1 for v in pp if v == -9999.0)
    check(nodata == prot["suppressed_density_pixels"] > 0, f"density: {nodata} no-data pixels, summary says "
          f"{prot['suppressed_density_pixels']}")
    check(all(b == a for a, b in zip(pr, pp) if b != -9999.0), "density: shown pixels as without protection")
    check(all(a > 0 for a, b in zip(pr, pp) if b == -9999.0), "density: only pixels with some density are hidden")


if __name__ == "__main__":
    main()
