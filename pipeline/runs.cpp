// The pipeline's smaller runs: validate, crossings, corridors, hot spots,
// paths, and the bundled sample.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/corridors/paths.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/crossings_output.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/hotspots_output.hpp"
#include "geodata/layer_writer.hpp"
#include "geodata/output_contract.hpp"
#include "geodata/protection.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/run_support.hpp"
#include "pipeline/sea_routing.hpp"

namespace fs = std::filesystem;

namespace borderflow::pipeline {

void Progress::step(const std::string& name, int index, int count) const {
  if (cancelled && cancelled()) throw Cancelled();
  if (on_step) on_step(name, index, count);
}

RunResult run_validate(const geodata::LoadOptions& inputs) {
  const geodata::LoadedInputs in = geodata::load_inputs(inputs);
  return {geodata::load_report(inputs, in), geodata::load_report_text(in), {}};
}

namespace {

void need_inputs_and_output(const AnalysisSettings& s, const char* command) {
  if (s.inputs.borders.empty() || s.inputs.routes.empty() || s.output.empty())
    throw UsageError(std::string(command) + " needs `borders`, `routes` and `output`");
}

// The printed summary follows --min-count as summary.json does: counts and
// weights below K (and what is derived from them) become null.
void protect(nlohmann::json& summary, double min_count) {
  std::size_t n = 0;
  for (auto it = summary.begin(); it != summary.end(); ++it)
    if (it.key() != "output") n += geodata::protect_summary(*it, min_count);
  summary["protection"] = {{"min_count", min_count}, {"suppressed_summary_values", n}};
}

}  // namespace

RunResult run_crossings(const AnalysisSettings& s, const Progress& progress) {
  need_inputs_and_output(s, "crossings");
  refuse_input_paths(s.output, s);
  const double min_count = checked_min_count(s.min_count);
  progress.step("reading inputs", 1, 3);
  geodata::LoadedInputs in = load_inputs(s);
  progress.step("sea legs over water, border and coast crossings", 2, 3);
  sea::SeaRoutingReport sea_report;
  const crossings::CrossingAnalysis cx = find_crossings(in, s, sea_report);
  progress.step("writing " + s.output, 3, 3);
  geodata::OutputDataset out(s.output, s.driver);
  out.set_min_count(min_count);
  geodata::write_borders_layer(out, cx);
  geodata::write_crossings_layer(out, cx, in);
  out.commit();
  RunResult r;
  r.summary = geodata::crossings_summary(cx, in);
  r.summary["sea_routing"] = sea_routing_json(s, sea_report);
  r.summary["inputs"] = geodata::load_report(s.inputs, in);
  r.summary["output"] = s.output;
  protect(r.summary, min_count);
  r.text = geodata::load_report_text(in) + "\n" + sea_routing_text(s, sea_report) + geodata::crossings_summary_text(cx) + "\n" +
           std::to_string(cx.result.crossings.size()) + " crossings written to " + s.output +
           " (layers borders, crossings)\n";
  r.written = {s.output};
  return r;
}

RunResult run_corridors(const AnalysisSettings& s, const Progress& progress) {
  need_inputs_and_output(s, "corridors");
  refuse_input_paths(s.output, s);
  const double min_count = checked_min_count(s.min_count);
  const corridors::CorridorOptions options = corridor_options(s);
  progress.step("reading inputs", 1, 3);
  geodata::LoadedInputs in = load_inputs(s);
  sea::SeaRoutingReport sea_report;
  prepare_routes(in, s, sea_report);  // the graph's edges follow the routed sea legs
  progress.step("route graph, betweenness, corridors and chokepoints", 2, 3);
  const corridors::CorridorAnalysis a =
      corridors::analyze_corridors(in.routes.routes, in.places.empty() ? nullptr : &in.places, options);
  progress.step("writing " + s.output, 3, 3);
  geodata::OutputDataset out(s.output, s.driver);
  out.set_min_count(min_count);
  geodata::write_graph_layers(out, a);
  out.commit();
  RunResult r;
  r.summary = geodata::corridor_summary(a, s.top);
  r.summary["sea_routing"] = sea_routing_json(s, sea_report);
  r.summary["inputs"] = geodata::load_report(s.inputs, in);
  r.summary["output"] = s.output;
  protect(r.summary, min_count);
  r.text = geodata::load_report_text(in) + "\n" + sea_routing_text(s, sea_report) + geodata::corridor_summary_text(a, s.top) + "\n" + "written to " +
           s.output + " (layers route_edges, route_nodes, corridors, chokepoints)\n";
  r.written = {s.output};
  return r;
}

RunResult run_hotspots(const AnalysisSettings& s, const Progress& progress) {
  need_inputs_and_output(s, "hotspots");
  const std::string density = s.density.empty() ? beside(s.output, contract::kDensityFile) : s.density;
  refuse_input_paths(s.output, s);
  hotspots::HotspotOptions options = to_options(s.hotspots, s.threads);
  options.min_count = checked_min_count(s.min_count);
  if (options.density) refuse_input_paths(density, s);
  if (options.value == hotspots::CellValue::incidents && s.hotspots.incidents.empty())
    throw UsageError("hot spot value 'incidents' needs `incidents` (a point layer to count)");
  progress.step("reading inputs", 1, 4);
  geodata::LoadedInputs in = load_inputs(s);
  const auto [aoi, incidents] = read_hotspot_inputs(s, in);
  progress.step("sea legs over water, border and coast crossings", 2, 4);
  sea::SeaRoutingReport sea_report;
  const crossings::CrossingAnalysis cx = find_crossings(in, s, sea_report);
  progress.step("hot spots: Gi*, border segments, clusters, density", 3, 4);
  const hotspots::HotspotAnalysis h = hotspots::analyze_hotspots(cx, in.routes.routes, aoi, incidents, options, in.diagnostics);
  progress.step("writing " + s.output, 4, 4);
  geodata::AtomicOutput density_out(density);
  if (h.density) geodata::write_density_tif(density_out.temp_path(), *h.density, cx.projection, density);
  geodata::OutputDataset out(s.output, s.driver);
  out.set_min_count(options.min_count);
  geodata::write_borders_layer(out, cx);
  geodata::write_crossings_layer(out, cx, in);
  geodata::write_hotspot_layers(out, h, cx);
  out.close();
  geodata::OutputCommit commit;
  commit.add(out.output());
  if (h.density) commit.add(density_out);
  commit.commit();

  RunResult r;
  r.summary = geodata::hotspot_summary(h, cx, in, options, s.top);
  r.summary["crossings"] = geodata::crossings_summary(cx, in);
  r.summary["sea_routing"] = sea_routing_json(s, sea_report);
  r.summary["inputs"] = geodata::load_report(s.inputs, in);
  r.summary["output"] = s.output;
  if (h.density) r.summary["density"]["path"] = density;
  protect(r.summary, options.min_count);
  r.text = geodata::load_report_text(in) + "\n" + sea_routing_text(s, sea_report) + geodata::crossings_summary_text(cx) + "\n" +
           geodata::hotspot_summary_text(h, cx, in, s.top, options.min_count) + "\n" + "written to " + s.output +
           " (layers borders, crossings, hotspot_cells, border_segments, crossing_clusters" +
           (h.emerging_cells ? ", emerging_hotspots" : "") + ")\n";
  if (h.density) r.text += "density raster: " + density + "\n";
  r.written = {s.output};
  if (h.density) r.written.push_back(density);
  return r;
}

namespace {

std::vector<routes::Route> paths_as_routes(const routes::RouteGraph& g, const std::vector<corridors::Path>& paths) {
  std::vector<routes::Route> as_routes;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    routes::Route r;
    r.attributes.route_id = "path " + std::to_string(i + 1);
    for (std::uint32_t e : paths[i].edges) {
      routes::Leg leg;
      leg.mode = g.edges()[e].mode;
      leg.path = g.edges()[e].path;
      leg.sea_routed = g.edges()[e].sea_routed;
      r.legs.push_back(std::move(leg));
    }
    as_routes.push_back(std::move(r));
  }
  return as_routes;
}

std::vector<std::vector<std::string>> describe(const crossings::CrossingResult& result, const frontier::Frontier& f,
                                               const geodata::LoadedInputs& in, std::size_t n_paths) {
  std::vector<std::vector<std::string>> out(n_paths);
  const auto& units = f.units();
  for (const auto& c : result.crossings) {
    std::string s = std::string(crossings::to_string(c.kind)) + " " + (c.from_unit ? units[*c.from_unit].id : "sea") +
                    ">" + (c.to_unit ? units[*c.to_unit].id : "sea");
    if (c.port) s += " at " + in.ports[*c.port].name;
    out[c.route].push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> path_crossings(const crossings::PreparedFrontier& prepared,
                                                     const geodata::LoadedInputs& in, const routes::RouteGraph& g,
                                                     const std::vector<corridors::Path>& paths,
                                                     const crossings::CrossingAnalysisOptions& options) {
  if (paths.empty()) return {};
  Diagnostics quiet;
  const crossings::CrossingResult result = crossings::find_crossings(
      prepared.frontier, paths_as_routes(g, paths), prepared.projection, in.ports, options.crossing, quiet);
  return describe(result, prepared.frontier, in, paths.size());
}

std::vector<std::vector<std::string>> path_crossings(const geodata::LoadedInputs& in, const routes::RouteGraph& g,
                                                     const std::vector<corridors::Path>& paths,
                                                     const crossings::CrossingAnalysisOptions& options) {
  if (paths.empty()) return {};
  Diagnostics quiet;
  const crossings::CrossingAnalysis crossed = crossings::analyze_crossings(
      in.borders.input, paths_as_routes(g, paths), in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, options, quiet);
  return describe(crossed.result, crossed.frontier, in, paths.size());
}

namespace {

std::uint32_t node_named(const routes::RouteGraph& g, const routes::Gazetteer& places, const std::string& name,
                         const char* option) {
  if (auto n = g.find_node(name, places.empty() ? nullptr : &places)) return *n;
  std::string hint = "give a place that a route passes through";
  if (!places.empty()) {
    const auto near = places.closest(name);
    if (!near.empty()) {
      hint = "closest known names:";
      for (const auto& x : near) hint += " '" + x + "'";
    }
  }
  throw UsageError("`" + std::string(option) + "` '" + name + "': no route passes through a place of that name\n  hint: " + hint);
}

}  // namespace

PathResult run_path(const PathRequest& q) {
  geodata::LoadedInputs in = geodata::load_inputs(q.inputs);
  AnalysisSettings s;
  s.crossing = q.crossing;
  s.sea = q.sea;
  sea::SeaRoutingReport report;
  const crossings::PreparedFrontier prepared = prepare_routes(in, s, report);  // sea edges follow the water
  const routes::RouteGraph g =
      routes::RouteGraph::build(in.routes.routes, in.places.empty() ? nullptr : &in.places, q.graph);
  const std::uint32_t from = node_named(g, in.places, q.from, "from");
  PathResult result;
  std::ostringstream t;
  if (q.to.empty()) {
    if (q.within_km <= 0) throw UsageError("give `to` PLACE, or `within_km` KM to list the places reachable");
    const auto reach = corridors::reachable(g, from, q.within_km * 1000.0);
    result.summary = nlohmann::json::array();
    for (const auto& [v, d] : reach) result.summary.push_back({{"place", geodata::node_label(g, v)}, {"distance_m", d}});
    t << reach.size() << " places reachable from " << geodata::node_label(g, from) << " within " << q.within_km
      << " km along the recorded routes:\n";
    for (const auto& [v, d] : reach) t << fmt::format("  {:>8.1f} km  {}\n", d / 1000.0, geodata::node_label(g, v));
    result.text = t.str();
    return result;
  }
  const std::uint32_t to = node_named(g, in.places, q.to, "to");
  const auto paths = corridors::k_shortest_paths(g, from, to, std::max<std::size_t>(q.k, 1));
  const auto crossed = path_crossings(prepared, in, g, paths, q.crossing);
  result.summary = nlohmann::json::array();
  nlohmann::json features = nlohmann::json::array();
  if (paths.empty()) t << "no path from " << q.from << " to " << q.to << " in the recorded routes\n";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& p = paths[i];
    nlohmann::json places = nlohmann::json::array();
    for (std::uint32_t v : p.nodes) places.push_back(geodata::node_label(g, v));
    nlohmann::json modes = nlohmann::json::array();
    for (std::uint32_t e : p.edges) modes.push_back(std::string(routes::to_string(g.edges()[e].mode)));
    nlohmann::json props = {{"rank", i + 1}, {"length_m", p.length_m}, {"places", places}, {"modes", modes},
                            {"crossings", crossed[i]}};
    result.summary.push_back(props);
    nlohmann::json coords = nlohmann::json::array();
    for (std::uint32_t e : p.edges)
      for (const auto& c : g.edges()[e].path) {
        if (!coords.empty() && coords.back()[0] == c.x && coords.back()[1] == c.y) continue;
        coords.push_back({c.x, c.y});
      }
    features.push_back({{"type", "Feature"}, {"properties", props},
                        {"geometry", {{"type", "LineString"}, {"coordinates", coords}}}});
    t << fmt::format("{}. {:.1f} km\n", i + 1, p.length_m / 1000.0);
    for (std::size_t k = 0; k < p.edges.size(); ++k)
      t << "   " << geodata::node_label(g, p.nodes[k]) << " > " << geodata::node_label(g, p.nodes[k + 1]) << " ("
        << routes::to_string(g.edges()[p.edges[k]].mode) << ", "
        << fmt::format("{:.1f} km", g.edges()[p.edges[k]].length_m / 1000.0) << ")\n";
    t << "   crosses: ";
    if (crossed[i].empty()) t << "no border or coast";
    for (std::size_t k = 0; k < crossed[i].size(); ++k) t << (k ? ", " : "") << crossed[i][k];
    t << "\n";
  }
  result.geojson = {{"type", "FeatureCollection"}, {"features", features}};
  result.text = t.str();
  return result;
}

std::string find_samples_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("BORDERFLOW_SAMPLES"); env && *env) return env;
  for (const char* candidate : {BORDERFLOW_SOURCE_SAMPLES_DIR, BORDERFLOW_INSTALLED_SAMPLES_DIR})
    if (fs::is_directory(candidate, ec)) return candidate;
  throw InputError({}, "cannot find the bundled sample data",
                   "set BORDERFLOW_SAMPLES to the folder geodata/samples of the borderflow sources");
}

AnalysisSettings demo_settings(const std::string& samples_dir, const std::string& output_dir) {
  // `analyze` with the sample's settings file (which names the sample's
  // inputs relative to itself), writing into the demo folder.
  AnalysisSettings s;
  read_config((fs::path(samples_dir) / "bangladesh" / "analysis.toml").string(), s);
  s.output = (fs::path(output_dir) / "borderflow.gpkg").string();
  s.density.clear();
  s.summary.clear();
  return s;
}

}  // namespace borderflow::pipeline
