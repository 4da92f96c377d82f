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
import os
import tempfile

from ._borderflow import (  # noqa: F401
    Dataset,
    InputError,
    RouteGraph,
    _analyze,
    dbscan,
    gi_star,
    kernel_density,
    load,
)

__all__ = ["AnalysisResult", "Dataset", "InputError", "Layer", "RouteGraph", "analyze", "dbscan", "gi_star",
           "kernel_density", "load", "to_networkx"]


def _toml_value(v, where):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"{where} must be a finite number")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a TOML basic string
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
        if section in ("inputs", "output"):
            raise ValueError(f"[{section}] is set by load() and analyze() itself, not by the config")
        lines.append(f"[{section}]")
        lines += [f"{k} = {_toml_value(v, f'{section}.{k}')}" for k, v in keys.items()]
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
        import numpy as np
        names, feats = self._features()
        cols = {}
        for n in names:
            values = [p[n] for p, _ in feats]
            present = [v for v in values if v is not None]
            if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
                cols[n] = np.array([np.nan if v is None else v for v in values], dtype=float) \
                    if (any(isinstance(v, float) for v in present) or len(present) < len(values)) \
                    else np.array(values, dtype=np.int64)
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
    a new temporary folder, left for you to keep or delete).
    Raises ValueError for unknown or bad settings, borderflow.InputError for bad data."""
    text = _config_toml(config, sections)
    folder = output_dir or tempfile.mkdtemp(prefix="borderflow-")
    os.makedirs(folder, exist_ok=True)
    return AnalysisResult(_analyze(dataset, text, os.path.abspath(folder)))


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
