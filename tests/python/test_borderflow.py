"""pytest for the Python module, against independent references: networkx
(paths, betweenness, reachability), the libpysal/numpy and scikit-learn
reference data of tests/engine/hotspots/reference (Gi*, DBSCAN), numpy (Gi*
formula, kernel density sums), and the documented exceptions."""
import json
import math
import os

import networkx as nx
import numpy as np
import pytest

import borderflow as bf

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.environ.get("BORDERFLOW_SAMPLES", os.path.join(HERE, "..", "..", "geodata", "samples"))
BGD = os.path.join(SAMPLE, "bangladesh")
REF = json.load(open(os.path.join(HERE, "..", "engine", "hotspots", "reference", "reference.json")))


@pytest.fixture(scope="module")
def dataset():
    return bf.load(borders=os.path.join(BGD, "countries.gpkg") + ":countries",
                   routes=os.path.join(BGD, "routes_illustrative.csv"),
                   places=os.path.join(BGD, "places.csv"), ports=os.path.join(BGD, "ports.csv"))


@pytest.fixture(scope="module")
def graph(dataset):
    return bf.RouteGraph(dataset)


def simple_digraph(g):
    """networkx DiGraph of the route graph keeping the shortest of parallel edges."""
    d = nx.DiGraph()
    e = g.edges
    d.add_nodes_from(range(len(g.nodes["name"])))
    for i in range(len(e["mode"])):
        a, b, length = int(e["from_node"][i]), int(e["to_node"][i]), float(e["length_m"][i])
        if not d.has_edge(a, b) or d[a][b]["length_m"] > length:
            d.add_edge(a, b, length_m=length)
    return d


def test_load_reports_the_dataset(dataset):
    assert dataset.n_routes >= 60
    assert "BGD" in dataset.units and "IND" in dataset.units
    assert dataset.working_crs
    assert "routes" in repr(dataset)


def test_bad_data_raises_input_error_naming_the_file(tmp_path):
    bad = tmp_path / "routes.csv"
    bad.write_text("route_id,itinerary,weight\nR1,Jashore > Benapole,-3\n")
    with pytest.raises(bf.InputError, match=r"routes.csv, line 2"):
        bf.load(borders=os.path.join(BGD, "countries.gpkg") + ":countries", routes=str(bad),
                places=os.path.join(BGD, "places.csv"))
    with pytest.raises(bf.InputError):
        bf.load(borders=str(tmp_path / "missing.gpkg"), routes=str(bad))


def test_bad_arguments_raise_value_error(graph):
    with pytest.raises(ValueError, match="closest known names"):
        graph.shortest_path("Benapol Land Pot", "Kolkata")
    with pytest.raises(ValueError):
        graph.k_shortest_paths("Jashore", "Kolkata", k=0)
    with pytest.raises(ValueError):
        bf.gi_star([1.0, 2.0], np.zeros((3, 2)))
    with pytest.raises(ValueError):
        bf.dbscan(np.zeros((3, 2)), eps_m=0)
    with pytest.raises(ValueError):
        bf.kernel_density(np.zeros((3, 3)))


def test_betweenness_matches_networkx(graph):
    d = simple_digraph(graph)
    ref = nx.betweenness_centrality(d, weight="length_m", normalized=False)
    ours = graph.betweenness()["node"]
    assert len(ours) == d.number_of_nodes()
    for v, b in ref.items():
        assert ours[v] == pytest.approx(b, rel=1e-9, abs=1e-9)
    assert np.array_equal(graph.nodes["betweenness"], ours)


def test_shortest_and_k_shortest_paths_match_networkx(graph):
    d = simple_digraph(graph)
    names = list(graph.nodes["name"])
    a, b = names.index("Cox's Bazar"), names.index("Kuala Lumpur")
    want = nx.shortest_path_length(d, a, b, weight="length_m")
    p = graph.shortest_path("Cox's Bazar", "Kuala Lumpur")
    assert p["length_m"] == pytest.approx(want, rel=1e-12)
    assert p["places"][0] == "Cox's Bazar" and p["places"][-1] == "Kuala Lumpur"
    edges = graph.edges
    assert sum(edges["length_m"][e] for e in p["edges"]) == pytest.approx(p["length_m"], rel=1e-12)
    ks = graph.k_shortest_paths("Cox's Bazar", "Kuala Lumpur", k=4)
    assert ks and ks[0]["length_m"] == pytest.approx(want, rel=1e-12)
    lengths = [k["length_m"] for k in ks]
    assert lengths == sorted(lengths)
    for k in ks:
        assert len(set(k["nodes"].tolist())) == len(k["nodes"])  # loopless
    # networkx's k shortest simple paths (parallel edges collapsed) give the
    # same lengths when the graph has no parallel alternatives on them.
    ref = [nx.path_weight(d, path, "length_m") for _, path in zip(range(4), nx.shortest_simple_paths(d, a, b, "length_m"))]
    assert lengths[: len(ref)] == pytest.approx(ref, rel=1e-12)


def test_reachable_matches_networkx(graph):
    d = simple_digraph(graph)
    names = list(graph.nodes["name"])
    src = names.index("Jashore")
    ref = nx.single_source_dijkstra_path_length(d, src, cutoff=150000, weight="length_m")
    ours = dict(graph.reachable("Jashore", within_km=150))
    want = {graph.nodes["name"][v] or f"node {v + 1}": dist for v, dist in ref.items()}  # the place itself at 0
    assert set(ours) == set(want)
    for k, v in want.items():
        assert ours[k] == pytest.approx(v, rel=1e-12)


def test_chokepoints_and_corridors(graph):
    cps = graph.chokepoints()
    assert len(cps) == 10
    assert cps[0]["element"] in ("node", "edge") and cps[0]["ref_id"] >= 1
    assert [c["rank"] for c in cps] == list(range(1, len(cps) + 1))
    assert all(0 < c["share"] <= 1 for c in cps) and sum(c["share"] for c in cps) <= 1 + 1e-9
    cors = graph.corridors()
    flows = [c["flow"] for c in cors]
    assert flows == sorted(flows, reverse=True)


def test_to_networkx_keeps_every_edge(graph):
    g = graph.to_networkx()
    assert g.number_of_nodes() == len(graph.nodes["name"])
    assert g.number_of_edges() == len(graph.edges["mode"])
    assert g.nodes[0]["name"] == graph.nodes["name"][0]


def test_gi_star_matches_libpysal_reference_and_numpy():
    r = REF["gi_grid"]
    xy, v = np.array(r["coords"]), np.array(r["values"])
    out = bf.gi_star(v, xy, fdr=False)
    np.testing.assert_allclose(out["z"], r["z"], rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(out["bin"], r["bins"])
    assert bf.gi_star(v, xy)["bin"].tolist() == r["bins_fdr"]
    # numpy, from the formula (Ord & Getis 1995), with the neighbour counts.
    n, xbar, s = len(v), v.mean(), math.sqrt((v ** 2).mean() - v.mean() ** 2)
    d2 = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)
    w = (d2 <= (r["band_m"] * (1 + 1e-9)) ** 2).astype(float)  # self included
    wi = w.sum(1)
    z = (w @ v - xbar * wi) / (s * np.sqrt((n * wi - wi ** 2) / (n - 1)))
    np.testing.assert_allclose(out["z"], z, rtol=1e-9)
    knn = REF["gi_points"]
    out = bf.gi_star(np.array(knn["values"]), np.array(knn["coords"]), k=knn["k"])
    np.testing.assert_allclose(out["z"], knn["z_knn"], rtol=1e-9)


def test_gi_star_permutations_are_reproducible():
    r = REF["gi_grid"]
    xy, v = np.array(r["coords"]), np.array(r["values"])
    a = bf.gi_star(v, xy, permutations=99, seed=7)
    b = bf.gi_star(v, xy, permutations=99, seed=7, threads=1)
    np.testing.assert_array_equal(a["p_sim"], b["p_sim"])


def test_dbscan_core_points_match_scikit_learn_reference():
    for case, weights in (("dbscan", None), ("dbscan_weighted", "weights")):
        c = REF[case]
        out = bf.dbscan(np.array(c["points"]), None if weights is None else np.array(c[weights]),
                        eps_m=c["eps_m"], min_weight=c.get("min_samples", c.get("min_weight")))
        assert np.flatnonzero(out["core"]).tolist() == c["core"]
        ours, theirs = out["labels"], np.array(c["labels"])
        pairs = {(int(ours[i]), int(theirs[i])) for i in c["core"]}
        assert len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs})  # same partition


def test_kernel_density_integrates_and_matches_direct_sums():
    k = REF["kde"]
    pts, w, h = np.array(k["points"]), np.array(k["weights"]), k["bandwidth_m"]
    out = bf.kernel_density(pts, w, bandwidth_m=h, pixel_m=100)
    total = out["density"].sum() * (out["pixel_m"] ** 2) / 1e6
    assert total == pytest.approx(w.sum(), rel=0.01)
    for (x, y), want in zip(k["samples"], k["density_per_km2"]):
        one = bf.kernel_density(pts, w, bandwidth_m=h, pixel_m=10, extent=(x - 5, y - 5, x + 5, y + 5))
        assert one["density"].shape == (1, 1)
        assert one["density"][0, 0] == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.fixture(scope="module")
def result(dataset, tmp_path_factory):
    # Every count published (min_count 0), so that the layers can be checked against each other.
    return bf.analyze(dataset, output_dir=str(tmp_path_factory.mktemp("analyze")), hotspots={"cell_size_km": 25},
                      output={"min_count": 0})


def test_analyze_suppresses_small_counts_by_default(dataset, result, tmp_path):
    protected = bf.analyze(dataset, output_dir=str(tmp_path), hotspots={"cell_size_km": 25})
    p = protected.summary["protection"]
    assert p["min_count"] == 11 and result.summary["protection"]["suppressed_rows_total"] == 0
    edges, raw = protected.layers["route_edges"].to_dict(), result.layers["route_edges"].to_dict()
    hidden = edges["suppressed"]
    assert hidden.sum() == p["suppressed_rows"]["route_edges"] > 0
    # Every flow from 1 to 10 is hidden and its row flagged (a row is flagged
    # too when only its breakdown by crime is); what is shown is what the
    # unprotected run wrote.
    small = (raw["flow"] > 0) & (raw["flow"] < 11)
    assert small.any() and np.all(hidden[small]) and np.all(np.isnan(edges["flow"][small]))
    shown = ~np.isnan(edges["flow"])
    assert np.array_equal(edges["flow"][shown], raw["flow"][shown])


def test_analyze_gives_every_layer_and_the_summary(result):
    # The sample's routes have years: the emerging hot spots come by default.
    assert set(result.layers) == {"borders", "crossings", "route_edges", "route_nodes", "corridors", "chokepoints",
                                  "hotspot_cells", "border_segments", "crossing_clusters", "emerging_hotspots"}
    emerging = result.layers["emerging_hotspots"].to_dict()
    steps = result.summary["hotspots"]["emerging"]["steps"]
    assert steps == [str(y) for y in range(2015, 2025)]
    assert all("z_" + s in emerging for s in steps)
    published = [c for c in emerging["category"] if c is not None]
    counts = result.summary["hotspots"]["emerging"]["cells"]["categories"]
    assert sorted(published) == sorted(c for c, n in counts.items() for _ in range(n))
    assert result.summary["parameters"]["hotspots"]["cell_size_km"] == 25
    assert result.summary["parameters"]["chosen"]["cell_size_m"] == 25000
    assert os.path.exists(result.density_path)
    for name, layer in result.layers.items():
        assert len(layer) == result.summary["outputs"]["layers"][name]


def test_layers_convert_to_arrays_and_geojson(result):
    crossings = result.layers["crossings"].to_dict()
    cells = result.layers["hotspot_cells"].to_dict()
    assert cells["value"].dtype == float and cells["cell_id"].dtype == np.int64
    assert cells["gi_bin"].dtype in (np.int64, float)  # float with NaN only where a cell has no Gi*
    assert result.layers["route_edges"].to_dict()["is_bridge"].dtype == bool
    assert result.layers["crossings"].to_dict()["port"].dtype == object
    assert cells["value"].sum() == pytest.approx(crossings["weight"].sum(), rel=1e-9)
    bins = cells["gi_bin"].astype(float)
    assert set(np.unique(bins[~np.isnan(bins)]).astype(int)) <= set(range(-3, 4))
    fc = result.layers["border_segments"].__geo_interface__
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(result.layers["border_segments"])
    assert fc["features"][0]["geometry"]["type"] in ("LineString", "MultiLineString")
    gpd = pytest.importorskip("geopandas")
    df = gpd.GeoDataFrame.from_features(result.layers["hotspot_cells"], crs="EPSG:4326")
    assert len(df) == len(cells["value"]) and "gi_z" in df.columns


def test_analyze_uses_the_data_load_read(tmp_path):
    # Changing the file after load() changes nothing: analyze() works on what load() read.
    routes = tmp_path / "routes.csv"
    src = open(os.path.join(BGD, "routes_illustrative.csv"), encoding="utf-8").read()
    routes.write_text(src, encoding="utf-8")
    ds = bf.load(borders=os.path.join(BGD, "countries.gpkg") + ":countries", routes=str(routes),
                 places=os.path.join(BGD, "places.csv"), ports=os.path.join(BGD, "ports.csv"))
    routes.write_text(src.splitlines()[0] + "\n", encoding="utf-8")  # header only now
    res = bf.analyze(ds, output_dir=str(tmp_path / "out"), density={"enabled": False})
    assert res.summary["inputs"]["routes"]["routes"] == ds.n_routes > 0


def test_analyze_options_are_checked(dataset, tmp_path):
    with pytest.raises(TypeError):
        bf.RouteGraph(None)
    with pytest.raises(ValueError, match="set by analyze"):
        bf.analyze(dataset, output={"path": "x.gpkg"})
    with pytest.raises(ValueError, match="no field"):  # the text reaches the analysis intact
        bf.analyze(dataset, hotspots={"by": "x\U0001F600\x7f"})
    with pytest.raises(ValueError):
        bf.kernel_density(np.zeros((3, 2)) + [[0, 0], [1, 1], [2, 3]], bandwidth_m=1, extent=(0, 0, float("nan"), 1))
    res = bf.analyze(dataset, output_dir=str(tmp_path), output={"threads": np.int64(1)},
                     clusters={"eps_m": np.float64(4000.0)}, density={"enabled": np.bool_(False)})
    assert res.summary["parameters"]["output"]["threads"] == 1
    assert res.summary["parameters"]["clusters"]["eps_m"] == 4000.0
    assert res.density_path is None
    with pytest.raises(ValueError, match="did you mean"):
        bf.analyze(dataset, hotspot={"cell_size_km": 20})
    with pytest.raises(ValueError, match="must be a number"):
        bf.analyze(dataset, crossings={"port_radius_m": "far"})
    with pytest.raises(ValueError):
        bf.analyze(dataset, inputs={"routes": "x.csv"})
    with pytest.raises(ValueError):
        bf.analyze(dataset, hotspots={"cell_size_km": float("nan")})


def test_paths_say_which_borders_they_cross(graph):
    # Jashore (BGD) to Kolkata (IND) over land: the path leaves Bangladesh for
    # India, so its crossings hold a land crossing BGD>IND; the same list as
    # the `borderflow path` command gives for the same query.
    p = graph.shortest_path("Jashore", "Kolkata")
    assert any(c.startswith("land BGD>IND") for c in p["crossings"]), p["crossings"]
    assert not any(c.startswith("coast") for c in p["crossings"])  # no sea on the way
    import subprocess
    exe = os.environ.get("BORDERFLOW_EXE")
    if not exe:
        pytest.skip("BORDERFLOW_EXE (the borderflow executable) not given")
    j = lambda name: os.path.join(BGD, name)  # noqa: E731
    out = subprocess.run([exe, "path", "--borders", j("countries.gpkg") + ":countries", "--routes",
                          j("routes_illustrative.csv"), "--places", j("places.csv"), "--ports", j("ports.csv"),
                          "--from", "Jashore", "--to", "Kolkata", "--format", "json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)[0]["crossings"] == p["crossings"]
    ks = graph.k_shortest_paths("Jashore", "Kolkata", k=2)
    assert ks[0]["crossings"] == p["crossings"]


def test_sea_route_against_the_independent_reference(dataset):
    # tests/data/sea/reference_paths.json: a 0.5 km raster of the same polygons,
    # Dijkstra and line-of-sight smoothing (tests/sea_reference).
    ref = json.load(open(os.path.join(HERE, "..", "data", "sea", "reference_paths.json")))
    for p in ref["pairs"]:
        a, b = tuple(p["from_lonlat"]), tuple(p["to_lonlat"])
        path, length_m = bf.sea_route(dataset, a, b)
        assert path.shape[1] == 2 and tuple(path[0]) == a and tuple(path[-1]) == b
        assert length_m == pytest.approx(p["geodesic_length_m_total"], rel=0.03)
        assert length_m >= p["great_circle_m"]
    # Dhaka is 150 km and more from the sea: no water path.
    assert bf.sea_route(dataset, (90.4125, 23.8103), (99.8450, 6.3200)) is None


def test_route_graph_follows_the_water(dataset):
    # The sample's sea legs, routed: every sea edge is at least as long as the
    # great circle between its ends, and the graph's edges are those of analyze().
    g = bf.RouteGraph(dataset)
    e, n = g.edges, g.nodes
    sea = [i for i, m in enumerate(e["mode"]) if m == "sea"]
    assert sea
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    for i in sea:
        a, b = e["from_node"][i], e["to_node"][i]
        _, _, d = geod.inv(n["lon"][a], n["lat"][a], n["lon"][b], n["lat"][b])
        assert e["length_m"][i] >= d * (1 - 1e-9)
    with pytest.raises(ValueError):
        bf.load(borders=os.path.join(BGD, "countries.gpkg") + ":countries",
                routes=os.path.join(BGD, "routes_illustrative.csv"), places=os.path.join(BGD, "places.csv"),
                sea_routing="sometimes")


def test_confidence_weight_multiplies_every_crossing(tmp_path):
    # Expected from the routes file itself: each crossing's weight is its
    # route's weight times the route's confidence column.
    import csv
    rows = {r["route_id"]: r for r in csv.DictReader(open(os.path.join(BGD, "routes_illustrative.csv"), encoding="utf-8"))}
    args = dict(borders=os.path.join(BGD, "countries.gpkg") + ":countries",
                routes=os.path.join(BGD, "routes_illustrative.csv"),
                places=os.path.join(BGD, "places.csv"), ports=os.path.join(BGD, "ports.csv"))
    plain = bf.analyze(bf.load(**args), output_dir=str(tmp_path / "plain"), output={"min_count": 0},
                       density={"enabled": False}).layers["crossings"].to_dict()
    weighted = bf.analyze(bf.load(confidence_weight=True, **args), output_dir=str(tmp_path / "w"),
                          output={"min_count": 0}, density={"enabled": False}).layers["crossings"].to_dict()
    assert len(plain["weight"]) == len(weighted["weight"]) > 0
    for k, rid in enumerate(weighted["route_id"]):
        r = rows[rid]
        assert plain["route_id"][k] == rid
        assert weighted["weight"][k] == pytest.approx(float(r["weight"]) * float(r["confidence"]), rel=1e-12)
