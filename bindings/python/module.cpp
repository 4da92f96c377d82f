// borderflow's Python module (_borderflow, wrapped by the borderflow
// package). Thin: every function calls the library entry points the CLI uses
// (the pipeline, geodata::load_inputs, corridors::analyze_corridors, corridors
// paths, hotspots::gi_star / dbscan / kernel_density); results become numpy
// arrays, lists and dicts. The GIL is released around the computations.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "pipeline/pipeline.hpp"
#include "pipeline/sea_routing.hpp"
#include "pipeline/settings.hpp"
#include "engine/core/error.hpp"
#include "engine/corridors/analysis.hpp"
#include "engine/corridors/paths.hpp"
#include "engine/hotspots/dbscan.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/kernel_density.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/output_contract.hpp"
#include "geodata/load.hpp"
#include "geodata/source.hpp"

#include <filesystem>

namespace py = pybind11;
using namespace borderflow;

namespace {

// A message in Python's words: the library names options in backquotes
// (`band_km`); here they are keyword arguments or settings keys ('band_km').
std::string in_python_words(const char* message) {
  std::string s = message;
  for (char& c : s)
    if (c == '`') c = '\'';
  return s;
}

// The inputs of an analysis, read once, and their sea legs routed over water
// (once, when a route graph or a sea route first needs them).
struct Dataset {
  geodata::LoadOptions options;
  geodata::LoadedInputs inputs;  // as read (analyze() routes its own, with its settings)
  pipeline::SeaSettings sea;

  const geodata::LoadedInputs& routed() const {
    std::call_once(routed_once, [this] {
      routed_inputs.emplace(inputs);
      pipeline::AnalysisSettings s;
      s.sea = sea;
      sea::SeaRoutingReport report;
      routed_frontier = std::make_unique<crossings::PreparedFrontier>(pipeline::prepare_routes(*routed_inputs, s, report));
    });
    return *routed_inputs;
  }
  // The frontier the routes were routed around (default crossing options).
  const crossings::PreparedFrontier& frontier() const {
    routed();
    return *routed_frontier;
  }
  const pipeline::SeaRouter& router() const {
    std::call_once(router_once, [this] {
      pipeline::AnalysisSettings s;
      s.sea = sea;
      sea_router = std::make_unique<pipeline::SeaRouter>(inputs, s);
    });
    return *sea_router;
  }

 private:
  mutable std::once_flag routed_once, router_once;
  mutable std::optional<geodata::LoadedInputs> routed_inputs;
  mutable std::unique_ptr<crossings::PreparedFrontier> routed_frontier;
  mutable std::unique_ptr<pipeline::SeaRouter> sea_router;
};

// The route graph of a dataset with its corridor metrics.
struct Graph {
  std::shared_ptr<const Dataset> dataset;
  corridors::CorridorAnalysis analysis;
};

template <typename T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

std::vector<geometry::Coord> coords_of(const py::array_t<double, py::array::c_style | py::array::forcecast>& xy,
                                       const char* what) {
  if (xy.ndim() != 2 || xy.shape(1) != 2)
    throw std::invalid_argument(std::string(what) + " must be an array of shape (n, 2): x, y in metres");
  std::vector<geometry::Coord> out(static_cast<std::size_t>(xy.shape(0)));
  const double* p = xy.data();
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {p[2 * i], p[2 * i + 1]};
  return out;
}

std::vector<double> vector_of(const py::object& o, std::size_t n, const char* what) {
  if (o.is_none()) return {};
  const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a || a.ndim() != 1) throw std::invalid_argument(std::string(what) + " must be a one-dimensional array of numbers");
  if (static_cast<std::size_t>(a.shape(0)) != n)
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(a.shape(0)) + " entries for " +
                                std::to_string(n) + " points");
  return std::vector<double>(a.data(), a.data() + a.shape(0));
}

std::uint32_t node_of(const Graph& g, const std::string& name) {
  const auto& places = g.dataset->inputs.places;
  if (auto n = g.analysis.graph.find_node(name, places.empty() ? nullptr : &places)) return *n;
  std::string hint;
  if (!places.empty())
    for (const auto& c : places.closest(name)) hint += (hint.empty() ? "" : ", ") + ("'" + c + "'");
  throw std::invalid_argument("no route passes through a place named '" + name + "'" +
                              (hint.empty() ? std::string() : "; closest known names: " + hint));
}

py::dict path_dict(const Graph& g, const corridors::Path& p, const std::vector<std::string>& crossed) {
  py::list names, modes;
  for (auto v : p.nodes) names.append(geodata::node_label(g.analysis.graph, v));
  for (auto e : p.edges) modes.append(std::string(routes::to_string(g.analysis.graph.edges()[e].mode)));
  py::dict d;
  d["places"] = names;
  d["nodes"] = array_of(p.nodes);
  d["edges"] = array_of(p.edges);
  d["modes"] = modes;
  d["length_m"] = p.length_m;
  d["crossings"] = crossed;  // "land BGD>IND at Benapole", as `borderflow path` prints them
  return d;
}

// The borders and coasts each path crosses (the pipeline's path_crossings, default options).
std::vector<std::vector<std::string>> crossings_of(const Graph& g, const std::vector<corridors::Path>& paths) {
  return pipeline::path_crossings(g.dataset->frontier(), g.dataset->routed(), g.analysis.graph, paths, {});
}

}  // namespace

PYBIND11_MODULE(_borderflow, m) {
  m.doc() = "borderflow: trafficking and smuggling routes, border crossings, hot spots and corridors";
  static py::exception<InputError> input_error(m, "InputError");
  // The output contract (geodata/output_contract.hpp): layer names, and the
  // Gi* bins' colours and labels as the styles and maps draw them.
  py::list layers;
  for (const char* name : contract::kAnalysisLayers) layers.append(name);
  m.attr("LAYERS") = layers;
  py::dict bins;
  for (const auto& b : contract::kGiBins) bins[py::int_(b.bin)] = py::make_tuple(b.colour, b.label);
  m.attr("GI_BINS") = bins;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const UsageError& e) {
      PyErr_SetString(PyExc_ValueError, in_python_words(e.what()).c_str());
    } catch (const InputError& e) {
      input_error(in_python_words(e.what()).c_str());
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, in_python_words(e.what()).c_str());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  py::class_<Dataset, std::shared_ptr<Dataset>>(m, "Dataset", "The inputs of an analysis, read once (see load()).")
      .def_property_readonly("working_crs", [](const Dataset& d) { return d.inputs.working_crs.definition; },
                             "The metric CRS the analyses work in, and why it was chosen: see working_crs_reason.")
      .def_property_readonly("working_crs_reason", [](const Dataset& d) { return d.inputs.working_crs.reason; })
      .def_property_readonly("n_routes", [](const Dataset& d) { return d.inputs.routes.routes.size(); })
      .def_property_readonly("n_places", [](const Dataset& d) { return d.inputs.places.size(); })
      .def_property_readonly("units", [](const Dataset& d) {
        py::list l;
        for (const auto& u : d.inputs.borders.input.units) l.append(u.id);
        return l;
      }, "Ids of the border units (countries or admin units).")
      .def_property_readonly("warnings", [](const Dataset& d) {
        py::list l;
        for (const auto& w : d.inputs.diagnostics.warnings()) l.append(w.text());
        return l;
      })
      .def("__repr__", [](const Dataset& d) {
        return "<borderflow.Dataset: " + std::to_string(d.inputs.routes.routes.size()) + " routes, " +
               std::to_string(d.inputs.borders.input.units.size()) + " units, working CRS " +
               d.inputs.working_crs.definition + ">";
      });

  m.def(
      "load",
      [](const std::string& borders, const std::string& routes, const std::string& places, const std::string& ports,
         const std::string& coast, const std::string& where, const std::string& crs, const std::string& border_id,
         const std::string& assume_crs, const std::string& sea_routing, double min_channel_m, double port_reach_km,
         bool confidence_weight) {
        auto d = std::make_shared<Dataset>();
        d->sea = {sea_routing, min_channel_m, port_reach_km};
        {
          pipeline::AnalysisSettings s;
          s.sea = d->sea;
          pipeline::sea_routing_on(s);  // refuse bad values before reading anything
          pipeline::sea_options(s);
        }
        // Absolute paths, so that analyze() finds the files whatever the
        // working folder is by then.
        auto absolute = [](const std::string& spec) -> std::string {
          if (spec.empty()) return spec;
          const auto src = geodata::parse_source(spec);
          std::error_code ec;
          const std::string path = std::filesystem::absolute(src.path, ec).string();
          return src.layer.empty() ? path : path + ":" + src.layer;
        };
        d->options = {absolute(borders), absolute(routes), absolute(places), absolute(ports), absolute(coast),
                      border_id, where, assume_crs, crs};
        d->options.confidence_weight = confidence_weight;
        py::gil_scoped_release release;
        d->inputs = geodata::load_inputs(d->options);
        return d;
      },
      py::arg("borders"), py::arg("routes"), py::arg("places") = "", py::arg("ports") = "", py::arg("coast") = "",
      py::arg("where") = "", py::arg("crs") = "", py::arg("border_id") = "", py::arg("assume_crs") = "",
      py::arg("sea_routing") = "on", py::arg("min_channel_m") = 2000.0, py::arg("port_reach_km") = 30.0,
      py::arg("confidence_weight") = false,
      R"doc(Reads every input of an analysis once; RouteGraph() and analyze() use what was read.

borders, routes, places, ports, coast: FILE or FILE:LAYER, any format GDAL reads.
where: an OGR SQL filter on the routes, e.g. "crime = 'TIP'".
crs: the working CRS in metres (default: UTM for a small extent, else equal-area).
confidence_weight: each route's weight times its confidence (0..1) in every analysis.
sea_routing ("on" or "off"), min_channel_m, port_reach_km: sea legs over water
around the borders' land (README, Sea routing), for RouteGraph(), sea_route()
and, unless its sea={...} section says otherwise, analyze().
Raises borderflow.InputError for bad data (naming file and line), ValueError for bad arguments.)doc");

  py::class_<Graph, std::shared_ptr<Graph>>(m, "RouteGraph", "The route graph of a dataset with flows and corridor metrics.")
      .def(py::init([](std::shared_ptr<const Dataset> d, double snap_m, std::size_t checkpoints, int threads) {
             auto g = std::make_shared<Graph>();
             g->dataset = d;
             corridors::CorridorOptions o;
             o.graph.snap_m = snap_m;
             o.checkpoints = checkpoints;
             o.threads = threads;
             py::gil_scoped_release release;
             const auto& in = d->routed();  // sea legs over water
             g->analysis = corridors::analyze_corridors(in.routes.routes, in.places.empty() ? nullptr : &in.places, o);
             return g;
           }),
           py::arg("dataset").none(false), py::arg("snap_m") = 500.0, py::arg("checkpoints") = 10, py::arg("threads") = 0,
           "Builds the graph of the dataset's routes (nodes: places or snapped leg ends; edges: legs) and its metrics.")
      .def_property_readonly("nodes", [](const Graph& g) {
        const auto& a = g.analysis;
        const auto& n = a.graph.nodes();
        py::list name, kind, country;
        std::vector<double> lon, lat;
        for (const auto& x : n) {
          name.append(x.name);
          kind.append(x.kind);
          country.append(x.country);
          lon.push_back(x.lonlat.x);
          lat.push_back(x.lonlat.y);
        }
        py::dict d;
        d["name"] = name;
        d["kind"] = kind;
        d["country"] = country;
        d["lon"] = array_of(lon);
        d["lat"] = array_of(lat);
        d["flow_in"] = array_of(a.flows.flow_in);
        d["flow_out"] = array_of(a.flows.flow_out);
        d["betweenness"] = array_of(a.betweenness.node);
        std::vector<std::uint8_t> art(a.structure.articulation.begin(), a.structure.articulation.end());
        d["is_articulation"] = array_of(art).attr("astype")("bool");
        return d;
      }, "Node attributes as a dict of arrays (index = node id - 1 of the route_nodes layer).")
      .def_property_readonly("edges", [](const Graph& g) {
        const auto& a = g.analysis;
        std::vector<std::uint32_t> from, to, n_routes;
        std::vector<double> flow, length;
        py::list mode;
        for (const auto& e : a.graph.edges()) {
          from.push_back(e.from);
          to.push_back(e.to);
          n_routes.push_back(static_cast<std::uint32_t>(e.n_routes));
          flow.push_back(e.flow);
          length.push_back(e.length_m);
          mode.append(std::string(routes::to_string(e.mode)));
        }
        py::dict d;
        d["from_node"] = array_of(from);
        d["to_node"] = array_of(to);
        d["mode"] = mode;
        d["flow"] = array_of(flow);
        d["n_routes"] = array_of(n_routes);
        d["length_m"] = array_of(length);
        d["betweenness"] = array_of(a.betweenness.edge);
        return d;
      }, "Edge attributes as a dict of arrays; from_node and to_node are node indices (0-based).")
      .def("shortest_path", [](const Graph& g, const std::string& from, const std::string& to) -> py::object {
        const auto a = node_of(g, from), b = node_of(g, to);
        std::optional<corridors::Path> p;
        std::vector<std::vector<std::string>> crossed;
        {
          py::gil_scoped_release release;
          p = corridors::shortest_path(g.analysis.graph, a, b);
          if (p) crossed = crossings_of(g, {*p});
        }
        if (!p) return py::none();
        return path_dict(g, *p, crossed[0]);
      }, py::arg("from_place"), py::arg("to_place"),
      "The shortest path by length between two places: dict(places, nodes, edges, modes, length_m, crossings), "
      "or None; crossings are the borders and coasts it crosses, e.g. 'land BGD>IND at Benapole'.")
      .def("k_shortest_paths", [](const Graph& g, const std::string& from, const std::string& to, std::size_t k) {
        if (k == 0) throw std::invalid_argument("k must be at least 1");
        const auto a = node_of(g, from), b = node_of(g, to);
        std::vector<corridors::Path> ps;
        std::vector<std::vector<std::string>> crossed;
        {
          py::gil_scoped_release release;
          ps = corridors::k_shortest_paths(g.analysis.graph, a, b, k);
          crossed = crossings_of(g, ps);
        }
        py::list l;
        for (std::size_t i = 0; i < ps.size(); ++i) l.append(path_dict(g, ps[i], crossed[i]));
        return l;
      }, py::arg("from_place"), py::arg("to_place"), py::arg("k") = 3,
      "Up to k loopless paths, shortest first (Yen); parallel edges of different modes are distinct paths.")
      .def("reachable", [](const Graph& g, const std::string& from, double within_km) {
        if (!(within_km > 0)) throw std::invalid_argument("within_km must be a positive number");
        const auto a = node_of(g, from);
        const auto r = corridors::reachable(g.analysis.graph, a, within_km * 1000.0);
        py::list l;
        for (const auto& [v, d] : r) l.append(py::make_tuple(geodata::node_label(g.analysis.graph, v), d));
        return l;
      }, py::arg("from_place"), py::arg("within_km"),
      "Places reachable from a place along the routes within a distance: [(place, metres)], nearest first.")
      .def("betweenness", [](const Graph& g) {
        py::dict d;
        d["node"] = array_of(g.analysis.betweenness.node);
        d["edge"] = array_of(g.analysis.betweenness.edge);
        return d;
      }, "Exact Brandes betweenness by length, directed, unnormalised (as networkx normalized=False).")
      .def("chokepoints", [](const Graph& g) {
        py::list l;
        std::size_t rank = 0;
        for (const auto& c : g.analysis.checkpoints) {
          py::dict d;
          d["rank"] = ++rank;
          d["element"] = c.is_node ? "node" : "edge";
          d["ref_id"] = c.id + 1;  // as ref_id in the chokepoints layer: node_id or edge_id (1-based)
          d["where"] = c.is_node ? geodata::node_label(g.analysis.graph, c.id)
                                 : geodata::node_label(g.analysis.graph, g.analysis.graph.edges()[c.id].from) + " > " +
                                       geodata::node_label(g.analysis.graph, g.analysis.graph.edges()[c.id].to);
          d["intercepted_flow"] = c.intercepted_flow;
          d["share"] = c.share;
          l.append(d);
        }
        return l;
      }, "Greedy checkpoints, ranked: each intercepts the most recorded flow not yet intercepted.")
      .def("corridors", [](const Graph& g) {
        py::list l;
        for (const auto& c : g.analysis.corridors) {
          py::list places;
          for (auto v : c.nodes) places.append(geodata::node_label(g.analysis.graph, v));
          py::dict d;
          d["places"] = places;
          d["flow"] = c.flow;
          d["length_m"] = c.length_m;
          d["countries"] = c.countries;
          l.append(d);
        }
        return l;
      }, "Corridors (maximal chains between junctions), ranked by flow.");

  m.def(
      "_analyze",
      [](const Dataset& d, const std::string& config_toml, const std::string& output_dir) {
        pipeline::AnalysisSettings s;
        s.inputs = d.options;
        s.sea = d.sea;  // as load() was told, unless the settings say otherwise
        try {
          pipeline::apply_config(config_toml, "the options given to analyze()", "", s);
        } catch (const InputError& e) {
          throw std::invalid_argument(in_python_words(e.what()));  // options are arguments, not data
        }
        s.output = output_dir + "/borderflow.gpkg";
        s.density = output_dir + "/density.tif";
        s.summary = output_dir + "/summary.json";
        py::gil_scoped_release release;
        pipeline::run_analysis(s, {}, &d.inputs);  // the dataset as load() read it
        return s.output;
      },
      py::arg("dataset").none(false), py::arg("config_toml"), py::arg("output_dir"),
      "Runs `borderflow analyze` on the dataset's inputs with the given settings (TOML text) into output_dir.");

  m.def(
      "sea_route",
      [](const Dataset& d, std::pair<double, double> from, std::pair<double, double> to) -> py::object {
        std::optional<pipeline::SeaRouter::Path> p;
        {
          py::gil_scoped_release release;
          p = d.router().route({from.first, from.second}, {to.first, to.second});
        }
        if (!p) return py::none();
        py::array_t<double> xy({static_cast<py::ssize_t>(p->lonlat.size()), py::ssize_t{2}});
        auto w = xy.mutable_unchecked<2>();
        for (std::size_t i = 0; i < p->lonlat.size(); ++i) {
          w(static_cast<py::ssize_t>(i), 0) = p->lonlat[i].x;
          w(static_cast<py::ssize_t>(i), 1) = p->lonlat[i].y;
        }
        return py::make_tuple(xy, p->length_m);
      },
      py::arg("dataset").none(false), py::arg("from_lonlat"), py::arg("to_lonlat"),
      R"doc(The shortest water path between two points (lon, lat) around the dataset's land.

Returns (path, length_m): path an array of shape (n, 2) of lon, lat from the
first point to the second, length_m its geodesic length in metres; None when
there is no water path (a point farther inland than port_reach_km, or a lake).
A point on land is linked to the nearest navigable water, as a port town is.)doc");

  m.def(
      "gi_star",
      [](const py::object& values, const py::array_t<double, py::array::c_style | py::array::forcecast>& coords,
         double band_m, std::size_t k, std::size_t permutations, std::uint64_t seed, bool fdr, int threads) {
        const auto xy = coords_of(coords, "coords");
        const auto v = vector_of(values, xy.size(), "values");
        hotspots::GiStarOptions o;
        o.band_m = band_m;
        if (k > 0) {
          o.weights = hotspots::GiWeights::k_nearest;
          o.k = k;
        }
        o.permutations = permutations;
        o.seed = seed;
        o.fdr = fdr;
        o.threads = threads;
        hotspots::GiStarResult r;
        {
          py::gil_scoped_release release;
          r = hotspots::gi_star(v, xy, o);
        }
        py::dict d;
        d["z"] = array_of(r.z);
        d["p"] = array_of(r.p);
        d["bin"] = array_of(r.bin);
        d["n_neighbors"] = array_of(r.n_neighbors);
        std::vector<std::uint8_t> def(r.defined.begin(), r.defined.end());
        d["defined"] = array_of(def).attr("astype")("bool");
        if (!r.p_sim.empty()) d["p_sim"] = array_of(r.p_sim);
        d["band_m"] = r.band_m;
        d["isolated"] = r.isolated;
        return d;
      },
      py::arg("values"), py::arg("coords"), py::arg("band_m") = 0.0, py::arg("k") = 0, py::arg("permutations") = 0,
      py::arg("seed") = 12345, py::arg("fdr") = true, py::arg("threads") = 0,
      R"doc(Getis-Ord Gi* (star form, binary weights) of values at coords (n x 2, metres).

band_m: distance band (0 = the smallest giving every location a neighbour); k > 0: k nearest instead.
Returns dict(z, p, bin, n_neighbors, defined, band_m, isolated[, p_sim]); z is NaN where not defined.)doc");

  m.def(
      "dbscan",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& points, const py::object& weights,
         double eps_m, double min_weight, int threads) {
        const auto xy = coords_of(points, "points");
        const auto w = vector_of(weights, xy.size(), "weights");
        hotspots::DbscanOptions o;
        o.eps_m = eps_m;
        o.min_weight = min_weight;
        o.threads = threads;
        hotspots::DbscanResult r;
        {
          py::gil_scoped_release release;
          r = hotspots::dbscan(xy, w, o);
        }
        py::dict d;
        d["labels"] = array_of(r.label);
        std::vector<std::uint8_t> core(r.core.begin(), r.core.end());
        d["core"] = array_of(core).attr("astype")("bool");
        d["n_clusters"] = r.clusters.size();
        return d;
      },
      py::arg("points"), py::arg("weights") = py::none(), py::arg("eps_m") = 5000.0, py::arg("min_weight") = 5.0,
      py::arg("threads") = 0,
      R"doc(Weighted DBSCAN (as scikit-learn's sample_weight) of points (n x 2, metres).

Returns dict(labels (-1 = noise; 0 = heaviest cluster), core (bool), n_clusters).)doc");

  m.def(
      "kernel_density",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& points, const py::object& weights,
         double bandwidth_m, double pixel_m, const std::string& kernel, const py::object& extent, int threads) {
        const auto xy = coords_of(points, "points");
        const auto w = vector_of(weights, xy.size(), "weights");
        hotspots::KernelDensityOptions o;
        const auto k = hotspots::parse_kernel(kernel);
        if (!k) throw std::invalid_argument("kernel '" + kernel + "': use quartic, triweight, epanechnikov, triangular or uniform");
        o.kernel = *k;
        o.bandwidth_m = bandwidth_m;
        o.pixel_m = pixel_m;
        o.threads = threads;
        if (!extent.is_none()) {
          const auto e = extent.cast<std::vector<double>>();
          if (e.size() != 4 || !std::isfinite(e[0]) || !std::isfinite(e[1]) || !std::isfinite(e[2]) ||
              !std::isfinite(e[3]) || !(e[0] < e[2]) || !(e[1] < e[3]))
            throw std::invalid_argument("extent must be four finite numbers (min_x, min_y, max_x, max_y) with min < max");
          o.extent = {e[0], e[1], e[2], e[3]};
        }
        hotspots::DensityRaster r;
        {
          py::gil_scoped_release release;
          r = hotspots::kernel_density(xy, w, o);
        }
        py::array_t<double> grid({static_cast<py::ssize_t>(r.height), static_cast<py::ssize_t>(r.width)});
        std::copy(r.per_km2.begin(), r.per_km2.end(), grid.mutable_data());
        py::dict d;
        d["density"] = grid;
        d["extent"] = py::make_tuple(r.extent.min_x, r.extent.min_y, r.extent.max_x, r.extent.max_y);
        d["pixel_m"] = r.pixel_m;
        d["bandwidth_m"] = r.bandwidth_m;
        return d;
      },
      py::arg("points"), py::arg("weights") = py::none(), py::arg("bandwidth_m") = 0.0, py::arg("pixel_m") = 0.0,
      py::arg("kernel") = "quartic", py::arg("extent") = py::none(), py::arg("threads") = 0,
      R"doc(Kernel density of weighted points (n x 2, metres) in weight per km2.

Returns dict(density: 2-D array, row 0 north; extent (min_x, min_y, max_x, max_y); pixel_m; bandwidth_m).)doc");
}
