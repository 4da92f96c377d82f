#include "apps/cli/commands.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#if BORDERFLOW_HAVE_MAPS
#include "apps/mapexport/html_map.hpp"
#include "apps/mapexport/static_map.hpp"
#endif
#include "engine/core/error.hpp"
#include "engine/corridors/paths.hpp"
#include "geodata/crossings_output.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/hotspots_output.hpp"
#include "geodata/readers.hpp"
#include "geodata/inspect.hpp"
#include "geodata/interrupt.hpp"
#include "geodata/source.hpp"

namespace fs = std::filesystem;

namespace borderflow::cli {

int run_info(const InfoOptions& options) {
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& path : options.paths) {
    geodata::InspectOptions io;
    io.check_validity = options.check_validity;
    const geodata::DatasetInfo info = geodata::inspect(path, io);
    if (options.format == Format::json)
      all.push_back(geodata::to_json(info));
    else
      std::cout << geodata::to_text(info) << (path == options.paths.back() ? "" : "\n");
  }
  if (options.format == Format::json) std::cout << all.dump(2) << "\n";
  return 0;
}

int run_validate(const ValidateOptions& options) {
  const geodata::LoadedInputs in = geodata::load_inputs(options.inputs);
  if (options.format == Format::json)
    std::cout << geodata::load_report(options.inputs, in).dump(2) << "\n";
  else
    std::cout << geodata::load_report_text(in);
  return 0;
}

namespace {

// Refuses an output path that names one of the inputs: writing it would destroy the input.
void check_output_is_not_an_input(const std::string& output, const geodata::LoadOptions& in) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(output, ec);
  for (const std::string* spec : {&in.borders, &in.routes, &in.places, &in.ports, &in.coast}) {
    if (spec->empty()) continue;
    const fs::path p = fs::weakly_canonical(geodata::parse_source(*spec).path, ec);
    if (!ec && p == out)
      throw OutputError(output, "the output would overwrite the input " + *spec, "choose another -o");
  }
}

}  // namespace

namespace {

struct CrossingsRun {
  geodata::LoadedInputs inputs;
  std::optional<crossings::CrossingAnalysis> analysis;
};

// Reads the inputs once, finds the crossings, writes borders and crossings.
CrossingsRun crossings_to_file(const CrossingsOptions& options) {
  check_output_is_not_an_input(options.output, options.inputs);
  CrossingsRun run{geodata::load_inputs(options.inputs), std::nullopt};
  geodata::LoadedInputs& in = run.inputs;
  run.analysis.emplace(crossings::analyze_crossings(
      in.borders.input, in.routes.routes, in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, options.analysis, in.diagnostics));
  geodata::OutputDataset out(options.output, options.driver);
  out.set_min_count(checked_min_count(options.min_count));
  geodata::write_borders_layer(out, *run.analysis);
  geodata::write_crossings_layer(out, *run.analysis, in);
  out.commit();
  return run;
}

void print_crossings_text(const CrossingsRun& run, const std::string& output) {
  std::cout << geodata::load_report_text(run.inputs) << "\n"
            << geodata::crossings_summary_text(*run.analysis) << "\n"
            << run.analysis->result.crossings.size() << " crossings written to " << output
            << " (layers borders, crossings)\n";
}

}  // namespace

int run_crossings(const CrossingsOptions& options) {
  const CrossingsRun run = crossings_to_file(options);
  if (options.format == Format::json) {
    nlohmann::json j = geodata::crossings_summary(*run.analysis, run.inputs);
    j["inputs"] = geodata::load_report(options.inputs, run.inputs);
    j["output"] = options.output;
    std::cout << j.dump(2) << "\n";
  } else {
    print_crossings_text(run, options.output);
  }
  return 0;
}

int run_corridors(const CorridorsOptions& options) {
  check_output_is_not_an_input(options.output, options.inputs);
  const geodata::LoadedInputs in = geodata::load_inputs(options.inputs);
  const corridors::CorridorAnalysis a =
      corridors::analyze_corridors(in.routes.routes, in.places.empty() ? nullptr : &in.places, options.analysis);
  geodata::OutputDataset out(options.output, options.driver);
  out.set_min_count(checked_min_count(options.min_count));
  geodata::write_graph_layers(out, a);
  out.commit();
  if (options.format == Format::json) {
    nlohmann::json j = geodata::corridor_summary(a, options.top);
    j["inputs"] = geodata::load_report(options.inputs, in);
    j["output"] = options.output;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << geodata::load_report_text(in) << "\n" << geodata::corridor_summary_text(a, options.top) << "\n"
              << "written to " << options.output << " (layers route_edges, route_nodes, corridors, chokepoints)\n";
  }
  return 0;
}

HotspotInputs read_hotspot_inputs(const AnalysisSettings& s, geodata::LoadedInputs& in) {
  geodata::ReadOptions ro;
  ro.assume_crs = s.inputs.assume_crs;
  HotspotInputs h;
  if (!s.hotspots.aoi.empty()) h.aoi = geodata::read_area(s.hotspots.aoi, ro, in.diagnostics);
  if (!s.hotspots.incidents.empty()) {
    const geodata::IncidentRead r =
        geodata::read_incidents(s.hotspots.incidents, ro, s.hotspots.incident_weight, s.hotspots.by);
    for (std::size_t i = 0; i < r.lonlat.size(); ++i) h.incidents.push_back({r.lonlat[i], r.weight[i], r.group[i]});
  }
  return h;
}

int run_hotspots(const AnalysisSettings& s, const RunFlags& flags) {
  const std::string density = s.density.empty() ? [&] {
    const fs::path out(s.output);
    return (out.has_parent_path() ? out.parent_path() / "density.tif" : fs::path("density.tif")).string();
  }() : s.density;
  check_output_is_not_an_input(s.output, s.inputs);
  hotspots::HotspotOptions options = to_options(s.hotspots, s.threads);
  options.min_count = checked_min_count(s.min_count);
  if (options.density) check_output_is_not_an_input(density, s.inputs);
  if (options.value == hotspots::CellValue::incidents && s.hotspots.incidents.empty())
    throw UsageError("--value incidents needs --incidents FILE (a point layer to count)");
  geodata::LoadedInputs in = geodata::load_inputs(s.inputs);
  const auto [aoi, incidents] = read_hotspot_inputs(s, in);
  crossings::CrossingAnalysisOptions co = s.crossing;
  co.crossing.threads = s.threads;
  const crossings::CrossingAnalysis cx = crossings::analyze_crossings(
      in.borders.input, in.routes.routes, in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, co, in.diagnostics);
  const hotspots::HotspotAnalysis h = hotspots::analyze_hotspots(cx, in.routes.routes, aoi, incidents, options, in.diagnostics);
  // The raster is written to a temporary file and moved into place after the
  // GeoPackage is complete.
  const std::string density_tmp = density + ".partial.tif";
  geodata::track_temp(density_tmp);
  struct Untrack {
    const std::string& path;
    ~Untrack() { geodata::untrack_temp(path); }
  } untrack{density_tmp};
  std::error_code ec;
  try {
    if (h.density) geodata::write_density_tif(density_tmp, *h.density, cx.projection, density);
    geodata::OutputDataset out(s.output, s.driver);
    out.set_min_count(checked_min_count(s.min_count));
    geodata::write_borders_layer(out, cx);
    geodata::write_crossings_layer(out, cx, in);
    geodata::write_hotspot_layers(out, h, cx);
    out.commit();
  } catch (...) {
    fs::remove(density_tmp, ec);
    throw;
  }
  if (h.density) {
    fs::rename(density_tmp, density, ec);
    if (ec) {
      fs::remove(density_tmp, ec);
      throw OutputError(density, "cannot move the density raster into place", "check the permissions of the folder");
    }
  }
  if (flags.format == Format::json) {
    nlohmann::json j = geodata::hotspot_summary(h, cx, in, options, s.top);
    j["crossings"] = geodata::crossings_summary(cx, in);
    j["inputs"] = geodata::load_report(s.inputs, in);
    j["output"] = s.output;
    if (h.density) j["density"]["path"] = density;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << geodata::load_report_text(in) << "\n"
              << geodata::crossings_summary_text(cx) << "\n"
              << geodata::hotspot_summary_text(h, cx, in, s.top) << "\n"
              << "written to " << s.output
              << " (layers borders, crossings, hotspot_cells, border_segments, crossing_clusters)\n";
    if (h.density) std::cout << "density raster: " << density << "\n";
  }
  return 0;
}

namespace {

std::uint32_t node_named(const routes::RouteGraph& g, const routes::Gazetteer& places, const std::string& name,
                         const char* flag) {
  if (auto n = g.find_node(name, places.empty() ? nullptr : &places)) return *n;
  std::string hint = "give a place that a route passes through";
  if (!places.empty()) {
    const auto near = places.closest(name);
    if (!near.empty()) {
      hint = "closest known names:";
      for (const auto& x : near) hint += " '" + x + "'";
    }
  }
  throw UsageError(std::string(flag) + " '" + name + "': no route passes through a place of that name\n  hint: " + hint);
}

}  // namespace

int run_path(const PathOptions& options) {
  const geodata::LoadedInputs in = geodata::load_inputs(options.inputs);
  const routes::RouteGraph g =
      routes::RouteGraph::build(in.routes.routes, in.places.empty() ? nullptr : &in.places, options.graph);
  const std::uint32_t from = node_named(g, in.places, options.from, "--from");
  if (options.to.empty()) {
    if (options.within_km <= 0) throw UsageError("give --to PLACE, or --within-km KM to list the places reachable");
    const auto reach = corridors::reachable(g, from, options.within_km * 1000.0);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [v, d] : reach) list.push_back({{"place", geodata::node_label(g, v)}, {"distance_m", d}});
    if (options.format == PathFormat::text) {
      std::cout << reach.size() << " places reachable from " << geodata::node_label(g, from) << " within "
                << options.within_km << " km along the recorded routes:\n";
      for (const auto& [v, d] : reach) std::cout << fmt::format("  {:>8.1f} km  {}\n", d / 1000.0, geodata::node_label(g, v));
    } else {
      std::cout << list.dump(2) << "\n";
    }
    return 0;
  }
  const std::uint32_t to = node_named(g, in.places, options.to, "--to");
  const auto paths = corridors::k_shortest_paths(g, from, to, std::max<std::size_t>(options.k, 1));
  // The borders each path crosses: the crossing engine on each path as a route.
  std::vector<routes::Route> as_routes;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    routes::Route r;
    r.attributes.route_id = "path " + std::to_string(i + 1);
    for (std::uint32_t e : paths[i].edges) {
      routes::Leg leg;
      leg.mode = g.edges()[e].mode;
      leg.path = g.edges()[e].path;
      r.legs.push_back(std::move(leg));
    }
    as_routes.push_back(std::move(r));
  }
  Diagnostics quiet;
  const crossings::CrossingAnalysis crossed = crossings::analyze_crossings(
      in.borders.input, as_routes, in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, options.crossing, quiet);
  auto crossings_of = [&](std::size_t path) {
    std::vector<std::string> out;
    for (const auto& c : crossed.result.crossings) {
      if (c.route != path) continue;
      const auto& units = crossed.frontier.units();
      std::string s = std::string(crossings::to_string(c.kind)) + " " + (c.from_unit ? units[*c.from_unit].id : "sea") +
                      ">" + (c.to_unit ? units[*c.to_unit].id : "sea");
      if (c.port) s += " at " + in.ports[*c.port].name;
      out.push_back(s);
    }
    return out;
  };
  if (paths.empty()) {
    if (options.format == PathFormat::text)
      std::cout << "no path from " << options.from << " to " << options.to << " in the recorded routes\n";
    else
      std::cout << (options.format == PathFormat::json ? "[]" : R"({"type":"FeatureCollection","features":[]})") << "\n";
    return 0;
  }
  nlohmann::json list = nlohmann::json::array();
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& p = paths[i];
    nlohmann::json places = nlohmann::json::array();
    for (std::uint32_t v : p.nodes) places.push_back(geodata::node_label(g, v));
    nlohmann::json modes = nlohmann::json::array();
    for (std::uint32_t e : p.edges) modes.push_back(std::string(routes::to_string(g.edges()[e].mode)));
    const auto crossed_here = crossings_of(i);
    nlohmann::json props = {{"rank", i + 1}, {"length_m", p.length_m}, {"places", places}, {"modes", modes},
                            {"crossings", crossed_here}};
    list.push_back(props);
    nlohmann::json coords = nlohmann::json::array();
    for (std::uint32_t e : p.edges)
      for (const auto& c : g.edges()[e].path) {
        if (!coords.empty() && coords.back()[0] == c.x && coords.back()[1] == c.y) continue;
        coords.push_back({c.x, c.y});
      }
    features.push_back({{"type", "Feature"}, {"properties", props},
                        {"geometry", {{"type", "LineString"}, {"coordinates", coords}}}});
    if (options.format == PathFormat::text) {
      std::cout << fmt::format("{}. {:.1f} km\n", i + 1, p.length_m / 1000.0);
      for (std::size_t k = 0; k < p.edges.size(); ++k)
        std::cout << "   " << geodata::node_label(g, p.nodes[k]) << " > " << geodata::node_label(g, p.nodes[k + 1])
                  << " (" << routes::to_string(g.edges()[p.edges[k]].mode) << ", "
                  << fmt::format("{:.1f} km", g.edges()[p.edges[k]].length_m / 1000.0) << ")\n";
      std::cout << "   crosses: ";
      if (crossed_here.empty()) std::cout << "no border or coast";
      for (std::size_t k = 0; k < crossed_here.size(); ++k) std::cout << (k ? ", " : "") << crossed_here[k];
      std::cout << "\n";
    }
  }
  if (options.format == PathFormat::json) std::cout << list.dump(2) << "\n";
  if (options.format == PathFormat::geojson)
    std::cout << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << "\n";
  return 0;
}

int run_map(const MapOptions& o) {
#if !BORDERFLOW_HAVE_MAPS
  (void)o;
  throw UsageError("this borderflow was built without the map exporter (BORDERFLOW_BUILD_MAPS=OFF)");
#else
  if (o.html.empty() && o.png.empty() && o.svg.empty() && o.pdf.empty())
    throw UsageError("give at least one of --html, --png, --svg, --pdf");
  std::error_code ec;
  if (!fs::is_regular_file(o.input, ec))
    throw InputError(InputLocation(o.input), "no such file", "give the GeoPackage written by borderflow analyze");
  const mapexport::MapData data = mapexport::read_map_data(o.input);
  const fs::path in(o.input);
  const std::string tif = !o.density.empty() ? o.density
                                             : (in.has_parent_path() ? in.parent_path() / "density.tif" : fs::path("density.tif")).string();
  if (!o.density.empty() && !fs::is_regular_file(o.density, ec))
    throw InputError(InputLocation(o.density), "no such density raster", "give the density.tif written by analyze, or leave --density out");
  const auto overlay = mapexport::read_density_overlay(tif);
  const std::string title = o.title.empty() ? "borderflow: " + in.filename().string() : o.title;
  if (!o.html.empty()) {
    mapexport::HtmlMapOptions h;
    h.title = title;
    h.subtitle = "Crossings, hot spots and corridors of the recorded routes";
    h.attribution = o.attribution;
    h.tiles = o.tiles;
    mapexport::write_html_map(o.html, data, overlay, h);
    std::cout << "interactive map: " << o.html << " (" << fs::file_size(o.html, ec) / 1024 << " KiB, works offline)\n";
  }
  mapexport::StaticMapOptions so;
  so.width = o.width;
  so.height = o.height;
  so.dpi = o.dpi;
  so.title = title;
  so.subtitle = "Crossings, hot spots and corridors of the recorded routes";
  so.attribution = o.attribution;
  if (!o.bbox.empty()) {
    geometry::Extent b;
    if (std::sscanf(o.bbox.c_str(), "%lf,%lf,%lf,%lf", &b.min_x, &b.min_y, &b.max_x, &b.max_y) != 4 ||
        !(b.min_x < b.max_x && b.min_y < b.max_y) || b.min_x < -180 || b.max_x > 180 || b.min_y < -85 || b.max_y > 85)
      throw UsageError("--bbox '" + o.bbox + "': give west,south,east,north in degrees, west < east, south < north, "
                       "latitudes within 85");
    so.bbox = b;
  }
  if (!o.mapnik_xml.empty()) {
    // Absolute paths: Mapnik resolves relative ones against the style's folder.
    const std::string xml = mapexport::mapnik_xml(fs::absolute(o.input).string(),
                                                  overlay ? fs::absolute(tif).string() : std::string(), data);
    const std::string tmp = o.mapnik_xml + ".partial";
    std::ofstream x(tmp);
    x << xml;
    x.close();
    if (!x) {
      fs::remove(tmp, ec);
      throw OutputError(o.mapnik_xml, "cannot write the Mapnik style");
    }
    fs::rename(tmp, o.mapnik_xml, ec);
    if (ec) throw OutputError(o.mapnik_xml, "cannot move the Mapnik style into place (" + ec.message() + ")");
  }
  const std::pair<const std::string*, mapexport::ImageFormat> images[] = {
      {&o.png, mapexport::ImageFormat::png}, {&o.svg, mapexport::ImageFormat::svg}, {&o.pdf, mapexport::ImageFormat::pdf}};
  for (const auto& [path, format] : images) {
    if (path->empty()) continue;
    mapexport::write_static_map(*path, format, o.input, overlay ? tif : std::string(), data, so);
    std::cout << "static map: " << *path << "\n";
  }
  return 0;
#endif
}

std::string find_samples_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("BORDERFLOW_SAMPLES"); env && *env) return env;
  for (const char* candidate : {BORDERFLOW_SOURCE_SAMPLES_DIR, BORDERFLOW_INSTALLED_SAMPLES_DIR})
    if (fs::is_directory(candidate, ec)) return candidate;
  throw InputError({}, "cannot find the bundled sample data",
                   "set BORDERFLOW_SAMPLES to the folder geodata/samples of the borderflow sources");
}

int run_demo(const DemoOptions& options) {
  const std::string samples = options.samples_dir.empty() ? find_samples_dir() : options.samples_dir;
  const fs::path dir = fs::path(samples) / "bangladesh";
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw OutputError(options.output_dir, "cannot create the demo folder (" + ec.message() + ")");
  // The demo is `analyze` with the sample's config file (which names the
  // sample's inputs relative to itself), writing into the demo folder.
  AnalysisSettings s;
  const std::string config = (dir / "analysis.toml").string();
  read_config(config, s);
  s.output = (fs::path(options.output_dir) / "borderflow.gpkg").string();
  s.density.clear();
  s.summary.clear();
  std::cout << "borderflow demo: the bundled Bangladesh sample (" << dir.string() << ")\n"
            << "The routes are illustrative, not case data. Settings: " << config << "\n\n";
  RunFlags flags;
  flags.quiet = options.quiet;
  flags.config = config;
  const int rc = run_analyze(s, flags);
  if (rc != 0) return rc;
#if !BORDERFLOW_HAVE_MAPS
  std::cout << "(no maps: this borderflow was built without the map exporter)\n";
  return 0;
#endif
  MapOptions m;
  m.input = s.output;
  m.html = (fs::path(options.output_dir) / "map.html").string();
  m.png = (fs::path(options.output_dir) / "map.png").string();
  m.title = "borderflow demo: Bangladesh (illustrative routes)";
  m.attribution = "Borders: Natural Earth; places: OpenStreetMap contributors; routes illustrative";
  return run_map(m);
}

}  // namespace borderflow::cli
