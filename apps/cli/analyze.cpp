// `borderflow analyze`: every analysis once, from inputs to one styled
// GeoPackage, density.tif and summary.json.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/cli/commands.hpp"
#include "apps/cli/progress.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/text.hpp"
#include "geodata/crossings_output.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/hotspots_output.hpp"
#include "geodata/interrupt.hpp"
#include "geodata/protection.hpp"
#include "geodata/readers.hpp"
#include "geodata/source.hpp"
#include "geodata/styles.hpp"

namespace fs = std::filesystem;

namespace borderflow::cli {

namespace {

std::string beside(const std::string& output, const std::string& name) {
  const fs::path out(output);
  return (out.has_parent_path() ? out.parent_path() / name : fs::path(name)).string();
}

void refuse_input_paths(const std::string& path, const AnalysisSettings& s) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(path, ec);
  for (const std::string* spec : {&s.inputs.borders, &s.inputs.routes, &s.inputs.places, &s.inputs.ports,
                                  &s.inputs.coast, &s.hotspots.aoi, &s.hotspots.incidents}) {
    if (spec->empty()) continue;
    const fs::path p = fs::weakly_canonical(geodata::parse_source(*spec).path, ec);
    if (!ec && p == out) throw OutputError(path, "the output would overwrite the input " + *spec, "choose another output path");
  }
}

nlohmann::json checksums(const AnalysisSettings& s) {
  nlohmann::json j = nlohmann::json::object();
  const std::pair<const char*, const std::string*> inputs[] = {
      {"borders", &s.inputs.borders}, {"routes", &s.inputs.routes},   {"places", &s.inputs.places},
      {"ports", &s.inputs.ports},     {"coast", &s.inputs.coast},     {"aoi", &s.hotspots.aoi},
      {"incidents", &s.hotspots.incidents}};
  for (const auto& [name, spec] : inputs) {
    if (spec->empty()) continue;
    const std::string path = geodata::parse_source(*spec).path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    j[name] = {{"path", path}, {"sha256", sha256_file(path)}};
    // A Shapefile's attributes and CRS live in its side files: checksum them too.
    fs::path p(path);
    if (text::ascii_lower(p.extension().string()) == ".shp")
      for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
        fs::path side = p;
        side.replace_extension(ext);
        if (fs::is_regular_file(side, ec)) j[name]["side_files"][side.filename().string()] = sha256_file(side.string());
      }
  }
  return j;
}

// Messages name `shown_as`: the file the user asked for, not our temporary one.
void write_text_atomically(const std::string& path, const std::string& text, const std::string& shown_as) {
  const std::string tmp = path + ".tmp";
  geodata::track_temp(tmp);
  struct Untrack {
    const std::string& path;
    ~Untrack() { geodata::untrack_temp(path); }
  } untrack{tmp};
  std::error_code ec;
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      const std::string why = errno ? std::strerror(errno) : "write error";
      fs::remove(tmp, ec);
      throw OutputError(shown_as, "cannot write the file (" + why + ")",
                        "check the folder exists, is writable and has free space");
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw OutputError(shown_as, "cannot move the file into place (" + ec.message() + ")");
  }
}

}  // namespace

int run_analyze(const AnalysisSettings& s, const RunFlags& flags, const geodata::LoadedInputs* preloaded) {
  if (s.inputs.borders.empty() || s.inputs.routes.empty())
    throw UsageError("analyze needs --borders and --routes (as flags or in the [inputs] section of --config)");
  if (s.output.empty()) throw UsageError("analyze needs -o OUTPUT.gpkg (or path in the [output] section of --config)");
  const std::string density_path = s.density.empty() ? beside(s.output, "density.tif") : s.density;
  const std::string summary_path = s.summary.empty() ? beside(s.output, "summary.json") : s.summary;
  for (const std::string* p : {&s.output, &density_path, &summary_path}) refuse_input_paths(*p, s);
  {
    std::error_code ec;
    const fs::path o = fs::weakly_canonical(s.output, ec), d = fs::weakly_canonical(density_path, ec),
                   m = fs::weakly_canonical(summary_path, ec);
    if (o == d || o == m || d == m)
      throw UsageError("the GeoPackage, the density raster and the summary need three different paths (-o, --density, --summary)");
  }
  hotspots::HotspotOptions hot_options = to_options(s.hotspots, s.threads);
  const double min_count = checked_min_count(s.min_count);
  hot_options.min_count = min_count;
  corridors::CorridorOptions cor_options = s.corridors;
  cor_options.threads = s.threads;
  cor_options.checkpoint_elements = s.checkpoint_elements == "nodes"   ? corridors::CheckpointElements::nodes
                                    : s.checkpoint_elements == "edges" ? corridors::CheckpointElements::edges
                                                                       : corridors::CheckpointElements::both;
  if (s.checkpoint_elements != "nodes" && s.checkpoint_elements != "edges" && s.checkpoint_elements != "both")
    throw UsageError("checkpoint_elements '" + s.checkpoint_elements + "': use nodes, edges or both");
  crossings::CrossingAnalysisOptions cross_options = s.crossing;
  cross_options.crossing.threads = s.threads;

  Progress progress(!flags.quiet, 5);
  progress.step("reading inputs");
  geodata::LoadedInputs in = preloaded ? *preloaded : geodata::load_inputs(s.inputs);
  const auto [aoi, incidents] = read_hotspot_inputs(s, in);
  const nlohmann::json input_checksums = checksums(s);
  if (hot_options.value == hotspots::CellValue::incidents && incidents.empty())
    throw UsageError("hot spot value 'incidents' needs --incidents FILE (a point layer to count)");

  progress.step("finding border and coast crossings");
  const crossings::CrossingAnalysis cx = crossings::analyze_crossings(
      in.borders.input, in.routes.routes, in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, cross_options, in.diagnostics);

  progress.step("route graph, betweenness, corridors and chokepoints");
  const corridors::CorridorAnalysis cor =
      corridors::analyze_corridors(in.routes.routes, in.places.empty() ? nullptr : &in.places, cor_options);

  progress.step("hot spots: Gi*, border segments, clusters, density");
  const hotspots::HotspotAnalysis hot =
      hotspots::analyze_hotspots(cx, in.routes.routes, aoi, incidents, hot_options, in.diagnostics);

  progress.step("writing " + s.output);
  // Every output is written completely to a temporary file first: the
  // raster, the summary, and the GeoPackage (whose commit moves it into
  // place); only then are the raster and summary moved into place. A failure
  // before that leaves the previous outputs as they were and no temporary
  // file behind.
  const std::string density_tmp = density_path + ".partial.tif";
  const std::string summary_tmp = summary_path + ".partial";
  geodata::track_temp(density_tmp);
  geodata::track_temp(summary_tmp);
  struct Untrack {
    const std::string &a, &b;
    ~Untrack() {
      geodata::untrack_temp(a);
      geodata::untrack_temp(b);
    }
  } untrack_partials{density_tmp, summary_tmp};
  std::error_code ec;
  auto clean = [&] {
    fs::remove(density_tmp, ec);
    fs::remove(summary_tmp, ec);
  };
  if (!hot.density && fs::exists(density_path, ec))
    in.diagnostics.warn({}, "an older " + density_path + " is left as it was: this run wrote no density raster");
  nlohmann::json j;
  try {
    if (hot.density) geodata::write_density_tif(density_tmp, *hot.density, cx.projection, density_path);
    geodata::OutputDataset out(s.output, s.driver);
    out.set_min_count(min_count);
    std::vector<std::string> names;
    auto count = [&](const char* name) { names.push_back(name); };
    geodata::write_borders_layer(out, cx);
    count("borders");
    geodata::write_crossings_layer(out, cx, in, &cor.graph);
    count("crossings");
    geodata::write_graph_layers(out, cor);
    for (const char* n : {"route_edges", "route_nodes", "corridors", "chokepoints"}) count(n);
    geodata::write_hotspot_layers(out, hot, cx);
    for (const char* n : {"hotspot_cells", "border_segments", "crossing_clusters"}) count(n);
    // Class breaks of the styles from published values only (a break is a
    // data value): after the suppression, from what each layer kept.
    const auto suppressed_rows = out.finish_layers();
    const std::vector<char> none;
    auto hidden_of = [&](const char* layer, const char* field) -> const std::vector<char>& {
      const geodata::LayerWriter* l = out.layer(layer);
      return l ? l->hidden(field) : none;
    };
    const auto& hidden_segments = hidden_of("border_segments", "weight");
    const auto& hidden_corridors = hidden_of("corridors", "flow");
    const auto& hidden_edges = hidden_of("route_edges", "flow");
    const auto& hidden_clusters = hidden_of("crossing_clusters", "weight");
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
    if (!flags.config.empty()) j["parameters"]["config_file"] = flags.config;
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
    as_in_layer(j["hotspots"]["top_cells"], "cell_id", "hotspot_cells",
                {{"value", {"value", "gi_z", "gi_p"}}, {"gi_z", {"gi_z", "gi_p"}}});
    as_in_layer(j["hotspots"]["top_segments"], "segment_id", "border_segments",
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
    write_text_atomically(summary_tmp, j.dump(2) + "\n", summary_path);
    out.commit();
  } catch (...) {
    clean();
    throw;
  }
  if (hot.density) fs::rename(density_tmp, density_path, ec);
  if (!ec) fs::rename(summary_tmp, summary_path, ec);
  if (ec) {
    const std::string msg = ec.message();
    clean();
    throw OutputError(summary_path, "cannot move the summary or density raster into place (" + msg + ")",
                      "the GeoPackage was written; check the permissions of the folder");
  }
  progress.finish();

  if (!flags.print) return 0;
  if (flags.format == Format::json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << geodata::load_report_text(in) << "\n"
            << "Crossings\n" << geodata::crossings_summary_text(cx) << "\n"
            << geodata::corridor_summary_text(cor, std::min<std::size_t>(s.top, 5)) << "\n"
            << geodata::hotspot_summary_text(hot, cx, in, std::min<std::size_t>(s.top, 5)) << "\n";
  std::cout << "Written:\n  " << s.output << " (";
  bool first = true;
  for (const auto& name : {"borders", "crossings", "route_edges", "route_nodes", "corridors", "chokepoints",
                           "hotspot_cells", "border_segments", "crossing_clusters"}) {
    const auto& layers = j["outputs"]["layers"];
    if (!layers.contains(name)) continue;
    std::cout << (first ? "" : ", ") << name << " " << layers[name].get<std::size_t>();
    first = false;
  }
  std::cout << ")\n";
  if (hot.density) std::cout << "  " << density_path << " (kernel density, per km2, working CRS)\n";
  std::cout << "  " << summary_path << " (every parameter, input checksums, counts, top results)\n";
  if (s.driver == "GPKG")
    std::cout << "Open the GeoPackage in QGIS (Layer > Add Layer > Add Vector Layer): the layers open styled.\n";
  return 0;
}

}  // namespace borderflow::cli
