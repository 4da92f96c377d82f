// run_analysis (`borderflow analyze`): every analysis once, from inputs to one
// styled GeoPackage, density.tif and summary.json.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/error.hpp"
#include "geodata/crossings_output.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/hotspots_output.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/output_contract.hpp"
#include "geodata/protection.hpp"
#include "geodata/styles.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/run_support.hpp"
#include "pipeline/sea_routing.hpp"

namespace fs = std::filesystem;

namespace borderflow::pipeline {

RunResult run_analysis(const AnalysisSettings& s, const Progress& progress, const geodata::LoadedInputs* preloaded,
                       const std::string& config_file) {
  if (s.inputs.borders.empty() || s.inputs.routes.empty())
    throw UsageError("analyze needs `borders` and `routes` (given, or in the [inputs] section of the settings file)");
  if (s.output.empty()) throw UsageError("analyze needs an `output` GeoPackage (given, or path in the [output] section of the settings file)");
  const std::string density_path = s.density.empty() ? beside(s.output, contract::kDensityFile) : s.density;
  const std::string summary_path = s.summary.empty() ? beside(s.output, contract::kSummaryFile) : s.summary;
  for (const std::string* p : {&s.output, &density_path, &summary_path}) refuse_input_paths(*p, s);
  {
    std::error_code ec;
    const fs::path o = fs::weakly_canonical(s.output, ec), d = fs::weakly_canonical(density_path, ec),
                   m = fs::weakly_canonical(summary_path, ec);
    if (o == d || o == m || d == m)
      throw UsageError("the GeoPackage, the density raster and the summary need three different paths (`output`, `density`, `summary`)");
  }
  hotspots::HotspotOptions hot_options = to_options(s.hotspots, s.threads);
  const double min_count = checked_min_count(s.min_count);
  hot_options.min_count = min_count;
  const corridors::CorridorOptions cor_options = corridor_options(s);
  sea_options(s);  // bad [sea] values are refused before anything is read
  sea_routing_on(s);

  constexpr int kSteps = 5;
  progress.step("reading inputs", 1, kSteps);
  geodata::LoadedInputs in = preloaded ? *preloaded : load_inputs(s);
  const auto [aoi, incidents] = read_hotspot_inputs(s, in);
  const nlohmann::json input_checksums = checksums(s);
  if (hot_options.value == hotspots::CellValue::incidents && incidents.empty())
    throw UsageError("hot spot value 'incidents' needs `incidents` (a point layer to count)");

  progress.step("sea legs over water, border and coast crossings", 2, kSteps);
  sea::SeaRoutingReport sea_report;
  const crossings::CrossingAnalysis cx = find_crossings(in, s, sea_report);

  progress.step("route graph, betweenness, corridors and chokepoints", 3, kSteps);
  const corridors::CorridorAnalysis cor =
      corridors::analyze_corridors(in.routes.routes, in.places.empty() ? nullptr : &in.places, cor_options);

  progress.step("hot spots: Gi*, border segments, clusters, density", 4, kSteps);
  const hotspots::HotspotAnalysis hot =
      hotspots::analyze_hotspots(cx, in.routes.routes, aoi, incidents, hot_options, in.diagnostics);

  progress.step("writing " + s.output, 5, kSteps);
  // Every output is written completely to a temporary file first: the
  // raster, the summary and the GeoPackage; then one ordered commit moves
  // them into place. A failure before that leaves the previous outputs as
  // they were and no temporary file behind.
  std::error_code ec;
  if (!hot.density && fs::exists(density_path, ec))
    in.diagnostics.warn({}, "an older " + density_path + " is left as it was: this run wrote no density raster");
  geodata::AtomicOutput density_out(density_path);
  geodata::AtomicOutput summary_out(summary_path);
  nlohmann::json j;
  {
    if (hot.density) geodata::write_density_tif(density_out.temp_path(), *hot.density, cx.projection, density_path);
    geodata::OutputDataset out(s.output, s.driver);
    out.set_min_count(min_count);
    std::vector<std::string> names;
    auto count = [&](const char* name) { names.push_back(name); };
    geodata::write_borders_layer(out, cx);
    count(contract::kBorders);
    geodata::write_crossings_layer(out, cx, in, &cor.graph);
    count(contract::kCrossings);
    geodata::write_graph_layers(out, cor);
    for (const char* n : {contract::kRouteEdges, contract::kRouteNodes, contract::kCorridors, contract::kChokepoints}) count(n);
    geodata::write_hotspot_layers(out, hot, cx);
    for (const char* n : {contract::kHotspotCells, contract::kBorderSegments, contract::kCrossingClusters}) count(n);
    if (hot.emerging_cells) count(contract::kEmergingHotspots);
    // Class breaks of the styles from published values only (a break is a
    // data value): after the suppression, from what each layer kept.
    const auto suppressed_rows = out.finish_layers();
    const std::vector<char> none;
    auto hidden_of = [&](const char* layer, const char* field) -> const std::vector<char>& {
      const geodata::LayerWriter* l = out.layer(layer);
      return l ? l->hidden(field) : none;
    };
    const auto& hidden_segments = hidden_of(contract::kBorderSegments, "weight");
    const auto& hidden_corridors = hidden_of(contract::kCorridors, "flow");
    const auto& hidden_edges = hidden_of(contract::kRouteEdges, "flow");
    const auto& hidden_clusters = hidden_of(contract::kCrossingClusters, "weight");
    auto shown = [](const std::vector<char>& hidden, std::size_t row) { return row >= hidden.size() || !hidden[row]; };
    geodata::StyleData style;
    for (std::size_t i = 0; i < hot.segments.segments.size(); ++i) {
      const auto& sg = hot.segments.segments[i];
      if (sg.geodesic_length_m > 0 && shown(hidden_segments, i))
        style.segment_weight_per_km.push_back(sg.weight / (sg.geodesic_length_m / 1000.0));
    }
    for (std::size_t i = 0; i < cor.corridors.size(); ++i)
      if (shown(hidden_corridors, i)) style.corridor_flow.push_back(cor.corridors[i].flow);
    for (std::size_t i = 0; i < cor.graph.edges().size(); ++i)
      if (shown(hidden_edges, i)) style.edge_flow.push_back(cor.graph.edges()[i].flow);
    for (std::size_t i = 0; i < hot.clusters.clusters.size(); ++i)
      if (shown(hidden_clusters, i)) style.cluster_weight.push_back(hot.clusters.clusters[i].weight);
    const bool styled = geodata::write_layer_styles(out, names, style, s.driver);
    nlohmann::json layers = nlohmann::json::object();
    for (const auto& [name, n] : out.layer_counts())
      if (!(styled && name == "layer_styles")) layers[name] = n;

    // summary.json: everything needed to reproduce and to read the results.
    j["software"] = {{"name", "borderflow"}, {"version", BORDERFLOW_VERSION}};
    j["command"] = "analyze";
    j["parameters"] = settings_json(s);
    if (!config_file.empty()) j["parameters"]["config_file"] = config_file;
    j["parameters"]["chosen"] = {
        {"working_crs", in.working_crs.definition},
        {"working_crs_reason", in.working_crs.reason},
        {"cell_size_m", hot.cells.grid.cell_size_m()},
        {"cell_domain", hotspots::to_string(hot.domain)},
        {"gi_band_m", hot.cells.gi.band_m},
        {"segment_band_m", hot.segments.band_m},
        {"density_bandwidth_m", hot.density ? nlohmann::json(hot.density->bandwidth_m) : nlohmann::json()},
        {"density_pixel_m", hot.density ? nlohmann::json(hot.density->pixel_m) : nlohmann::json()}};
    j["inputs"] = geodata::load_report(s.inputs, in);
    j["inputs"]["checksums"] = input_checksums;
    j["outputs"] = {{"geopackage", s.output},
                    {"driver", s.driver},
                    {"layers", layers},
                    {"styles", styled ? "layer_styles table" : "none (only GeoPackage stores styles)"},
                    {"density", hot.density ? nlohmann::json(density_path) : nlohmann::json()},
                    {"summary", summary_path}};
    j["sea_routing"] = sea_routing_json(s, sea_report);
    j["crossings"] = geodata::crossings_summary(cx, in);
    j["corridors"] = geodata::corridor_summary(cor, s.top);
    j["hotspots"] = geodata::hotspot_summary(hot, cx, in, hot_options, s.top);
    std::size_t summary_suppressed = 0;
    // The summary's top cells and segments show no more than their rows in
    // the layers: a value, z or p the layer withheld (a small count, a Gi*
    // z next to one, a route length behind fewer than K persons) is null here too.
    auto as_in_layer = [&](nlohmann::json& rows, const char* id_key, const char* layer,
                           std::initializer_list<std::pair<const char*, std::vector<const char*>>> fields) {
      for (auto& row : rows) {
        const std::size_t i = row[id_key].get<std::size_t>() - 1;
        for (const auto& [field, shown_with] : fields) {
          const auto& h = hidden_of(layer, field);
          if (i >= h.size() || !h[i]) continue;
          for (const char* f : shown_with)
            if (row.contains(f) && !row[f].is_null()) {
              row[f] = nullptr;
              ++summary_suppressed;
            }
        }
      }
    };
    as_in_layer(j["hotspots"]["top_cells"], "cell_id", contract::kHotspotCells,
                {{"value", {"value", "gi_z", "gi_p"}}, {"gi_z", {"gi_z", "gi_p"}}});
    as_in_layer(j["hotspots"]["top_segments"], "segment_id", contract::kBorderSegments,
                {{"weight", {"weight", "crossings", "weight_per_km", "gi_z"}}, {"gi_z", {"gi_z"}}});
    for (const char* section : {"inputs", "crossings", "corridors", "hotspots"})
      summary_suppressed += geodata::protect_summary(j[section], min_count);
    {
      nlohmann::json rows = nlohmann::json::object();
      std::size_t total = 0;
      for (const auto& [layer, n] : suppressed_rows) {
        rows[layer] = n;
        total += n;
      }
      j["protection"] = {
          {"min_count", min_count},
          {"rule", min_count > 1.0
                       ? "counts and weights of persons above 0 and below min_count are null, with the values "
                         "derived from them; rows flagged 'suppressed'; one more value of a group is suppressed "
                         "where its published total would reveal a single one; Gi* z and p are null next to a "
                         "suppressed cell or segment; density pixels reached by less than min_count are no data"
                       : "none: every count is published (min_count <= 1)"},
          {"suppressed_rows", rows},
          {"suppressed_rows_total", total},
          {"suppressed_summary_values", summary_suppressed},
          {"suppressed_density_pixels", hot.density_suppressed}};
    }
    j["warnings"] = nlohmann::json::array();
    for (const auto& w : in.diagnostics.warnings()) j["warnings"].push_back(w.text());
    geodata::write_bytes(summary_out, j.dump(2) + "\n");
    out.close();
    geodata::OutputCommit commit;
    commit.add(out.output());
    if (hot.density) commit.add(density_out);
    commit.add(summary_out);
    commit.commit();
  }
  RunResult result;
  result.written.push_back(s.output);
  if (hot.density) result.written.push_back(density_path);
  result.written.push_back(summary_path);

  std::ostringstream t;
  t << geodata::load_report_text(in) << "\n"
    << sea_routing_text(s, sea_report)
    << "Crossings\n" << geodata::crossings_summary_text(cx) << "\n"
    << geodata::corridor_summary_text(cor, std::min<std::size_t>(s.top, 5)) << "\n"
    << geodata::hotspot_summary_text(hot, cx, in, std::min<std::size_t>(s.top, 5), min_count) << "\n";
  t << "Written:\n  " << s.output << " (";
  bool first = true;
  std::vector<const char*> written(contract::kAnalysisLayers.begin(), contract::kAnalysisLayers.end());
  written.push_back(contract::kEmergingHotspots);
  for (const char* name : written) {
    const auto& layers = j["outputs"]["layers"];
    if (!layers.contains(name)) continue;
    t << (first ? "" : ", ") << name << " " << layers[name].get<std::size_t>();
    first = false;
  }
  t << ")\n";
  if (hot.density) t << "  " << density_path << " (kernel density, per km2, working CRS)\n";
  t << "  " << summary_path << " (every parameter, input checksums, counts, top results)\n";
  if (s.driver == "GPKG")
    t << "Open the GeoPackage in QGIS (Layer > Add Layer > Add Vector Layer): the layers open styled.\n";
  result.text = t.str();
  result.summary = std::move(j);
  return result;
}

}  // namespace borderflow::pipeline
