"""borderflow for researchers: the whole analysis, route graphs, paths,
betweenness, chokepoints, and the hot spot statistics (Gi*, DBSCAN, kernel
density) on arrays of your own.

    import borderflow as bf
    ds = bf.load(borders="countries.gpkg:countries", routes="routes.csv",
                 places="places.csv", ports="ports.csv")
    res = bf.analyze(ds, hotspots={"cell_size_km": 25})
    res.layers["hotspot_cells"].to_dict()          # columns as numpy arrays
    geopandas.GeoDataFrame.from_features(res.layers["hotspot_cells"])
    g = bf.RouteGraph(ds)
    g.k_shortest_paths("Cox's Bazar", "Kuala Lumpur", k=3)

Errors: borderflow.InputError for bad data (the message names the file and
line), ValueError for bad arguments, OSError for outputs that cannot be written.
The module is thin: every function calls the C++ library the command line uses.
"""
import json
import math
import numbers
import os
import shutil
import tempfile

from ._borderflow import (  # noqa: F401
    GI_BINS,
    LAYERS,
    Dataset,
    InputError,
    RouteGraph,
    _analyze,
    dbscan,
    gi_star,
    kernel_density,
    load,
    sea_route,
)

__all__ = ["GI_BINS", "LAYERS", "AnalysisResult", "Dataset", "InputError", "Layer", "RouteGraph", "analyze", "dbscan", "gi_star",
           "kernel_density", "load", "sea_route", "to_networkx"]


_SECTIONS = ("crossings", "sea", "corridors", "hotspots", "segments", "clusters", "density", "output")
_OWN_OUTPUT_KEYS = ("path", "driver", "density", "summary")  # analyze() sets these itself


def _toml_string(v):
    # JSON string syntax is TOML's basic string, given the characters themselves
    # (no surrogate pairs) and DEL escaped.
    return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(v, where):
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "true" if bool(v) else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        f = float(v)
        if not math.isfinite(f):
            raise ValueError(f"{where} must be a finite number")
        return float.__repr__(f)
    if isinstance(v, str):
        return _toml_string(v)
    raise ValueError(f"{where} must be a number, true/false or a text, not {type(v).__name__}")


def _config_toml(config, sections):
    merged = {}
    for source in (config or {}), sections:
        if not isinstance(source, dict):
            raise ValueError("config must be a dict of sections, e.g. {'hotspots': {'cell_size_km': 20}}")
        for section, keys in source.items():
            if not isinstance(keys, dict):
                raise ValueError(f"section {section!r} must be a dict of settings, e.g. {{'cell_size_km': 20}}")
            merged.setdefault(section, {}).update(keys)
    lines = []
    for section, keys in merged.items():
        if section == "inputs":
            raise ValueError("[inputs] comes from load(), not from the settings of analyze()")
        if section not in _SECTIONS:
            near = [s for s in _SECTIONS if s.startswith(str(section)[:4])]
            raise ValueError(f"unknown section {section!r}" + (f"; did you mean {near[0]!r}?" if near else
                             f"; sections: {', '.join(_SECTIONS)}"))
        lines.append(f"[{section}]")
        for k, v in keys.items():
            if section == "output" and k in _OWN_OUTPUT_KEYS:
                raise ValueError(f"output.{k} is set by analyze() itself (use output_dir)")
            lines.append(f"{_toml_string(str(k))} = {_toml_value(v, f'{section}.{k}')}")
    return "\n".join(lines) + "\n"


class Layer:
    """One layer of an analysis GeoPackage (EPSG:4326). len() is its feature
    count; to_dict() gives its fields as numpy arrays (plus 'geometry': GeoJSON
    dicts); __geo_interface__ is a GeoJSON FeatureCollection, so
    geopandas.GeoDataFrame.from_features(layer) takes it."""

    def __init__(self, path, name):
        self.path, self.name = path, name

    def _features(self):
        from osgeo import ogr
        ds = ogr.Open(self.path)  # kept alive while its layer is read
        if ds is None:
            raise OSError(f"{self.path}: cannot open the analysis GeoPackage")
        lyr = ds.GetLayerByName(self.name)
        defn = lyr.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        out = []
        for f in lyr:
            g = f.GetGeometryRef()
            out.append(({n: f.GetField(i) for i, n in enumerate(names)}, json.loads(g.ExportToJson()) if g else None))
        return names, out

    def __len__(self):
        from osgeo import ogr
        ds = ogr.Open(self.path)  # keep the dataset alive while its layer is used
        return ds.GetLayerByName(self.name).GetFeatureCount()

    def to_dict(self):
        """Fields as numpy arrays typed by the layer's schema: integers as int64
        (float64 with NaN where a value is null), reals as float64 (NaN for
        null), booleans as bool (object with None where null), text as object;
        plus 'geometry': a list of GeoJSON geometry dicts."""
        import numpy as np
        from osgeo import ogr
        names, feats = self._features()
        ds = ogr.Open(self.path)
        defn = ds.GetLayerByName(self.name).GetLayerDefn()
        cols = {}
        for i, n in enumerate(names):
            fd = defn.GetFieldDefn(i)
            values = [p[n] for p, _ in feats]
            has_null = any(v is None for v in values)
            if fd.GetSubType() == ogr.OFSTBoolean:
                cols[n] = np.array([None if v is None else bool(v) for v in values], dtype=object) if has_null \
                    else np.array([bool(v) for v in values], dtype=bool)
            elif fd.GetType() in (ogr.OFTInteger, ogr.OFTInteger64):
                cols[n] = np.array([np.nan if v is None else v for v in values], dtype=float) if has_null \
                    else np.array(values, dtype=np.int64)
            elif fd.GetType() == ogr.OFTReal:
                cols[n] = np.array([np.nan if v is None else v for v in values], dtype=float)
            else:
                cols[n] = np.array(values, dtype=object)
        cols["geometry"] = [g for _, g in feats]
        return cols

    @property
    def __geo_interface__(self):
        _, feats = self._features()
        return {"type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in feats]}

    def __repr__(self):
        return f"<borderflow.Layer {self.name}: {len(self)} features>"


class AnalysisResult:
    """The outputs of analyze(): `path` (the GeoPackage), `layers` (name ->
    Layer), `summary` (summary.json as a dict), `density_path` (GeoTIFF or
    None), `folder`."""

    def __init__(self, path):
        self.path = path
        self.folder = os.path.dirname(path)
        with open(os.path.join(self.folder, "summary.json"), encoding="utf-8") as f:
            self.summary = json.load(f)
        self.layers = {name: Layer(path, name) for name in self.summary["outputs"]["layers"]}
        d = os.path.join(self.folder, "density.tif")
        self.density_path = d if self.summary["outputs"]["density"] else None

    def __repr__(self):
        return f"<borderflow.AnalysisResult {self.path}: {', '.join(self.layers)}>"


def analyze(dataset, config=None, output_dir=None, **sections):
    """Runs every analysis of `borderflow analyze` on a dataset from load():
    crossings, route graph and corridors, hot spots; returns an AnalysisResult.

    Settings are the sections of the config file (see
    geodata/samples/bangladesh/analysis.toml), as a dict or as keyword
    arguments: analyze(ds, hotspots={"cell_size_km": 25}, density={"enabled": False}).
    output_dir: where the GeoPackage, density.tif and summary.json go (default:
    a new temporary folder, left for you to keep or delete). The inputs are
    those load() read (the files are not read again; summary.json's checksums
    are of the files as they are now).
    Raises ValueError for unknown or bad settings, borderflow.InputError for bad data."""
    text = _config_toml(config, sections)
    own = output_dir is None
    folder = tempfile.mkdtemp(prefix="borderflow-") if own else output_dir
    os.makedirs(folder, exist_ok=True)
    try:
        return AnalysisResult(_analyze(dataset, text, os.path.abspath(folder)))
    except BaseException:
        if own:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def to_networkx(graph):
    """The route graph as a networkx.MultiDiGraph: nodes 0..n-1 with their
    attributes (name, kind, country, lon, lat, flow_in, flow_out, betweenness),
    one edge per route-graph edge (key = edge index) with mode, flow,
    n_routes, length_m and betweenness."""
    import networkx as nx

    nodes, edges = graph.nodes, graph.edges
    g = nx.MultiDiGraph()
    for i in range(len(nodes["name"])):
        g.add_node(i, **{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in nodes.items()})
    for e in range(len(edges["mode"])):
        attrs = {k: (v[e].item() if hasattr(v[e], "item") else v[e]) for k, v in edges.items()
                 if k not in ("from_node", "to_node")}
        g.add_edge(int(edges["from_node"][e]), int(edges["to_node"][e]), key=e, **attrs)
    return g


RouteGraph.to_networkx = to_networkx
