// borderflow: the command-line front end. Parses options into the pipeline's
// settings and calls it (apps/cli/commands.cpp prints); errors become
// messages in this program's words and stable exit codes (engine/core/error.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "apps/cli/commands.hpp"
#include "engine/core/error.hpp"
#include "geodata/interrupt.hpp"

namespace {

void add_input_options(CLI::App& cmd, borderflow::geodata::LoadOptions& in, bool required = true) {
  cmd.add_option("--borders", in.borders, "Country/admin-unit polygons or border lines, FILE[:LAYER]")->required(required);
  cmd.add_option("--routes", in.routes, "Route lines or an itinerary table, FILE[:LAYER]")->required(required);
  cmd.add_option("--places", in.places, "Places gazetteer (name, aliases, lon, lat, kind, country)");
  cmd.add_option("--ports", in.ports, "Official ports of entry (points, or a table with lon/lat)");
  cmd.add_option("--coast", in.coast, "Land polygons or coastline lines overriding the derived coastline");
  cmd.add_option("--border-id", in.border_id, "Field identifying the border units (default: iso_a3, adm0_a3, ..., name)");
  cmd.add_option("--where", in.where, "OGR SQL attribute filter on the routes, e.g. \"crime = 'TIP' AND year >= 2020\"");
  cmd.add_flag("--confidence-weight", in.confidence_weight,
               "Multiply each route's weight by its confidence (0..1) in every analysis");
  cmd.add_option("--assume-crs", in.assume_crs, "CRS for layers that declare none, e.g. EPSG:4326");
  cmd.add_option("--crs", in.crs, "Working CRS in metres (default: UTM for a small extent, else equal-area)");
}

void add_crossing_options(CLI::App& cmd, borderflow::crossings::CrossingAnalysisOptions& o) {
  cmd.add_option("--port-radius", o.crossing.port_radius_m, "Metres within which a crossing is at an official port (formal)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--coast-gap", o.crossing.coast_gap_m, "Metres of water between two pieces of land still crossed as land")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--snap", o.borders.snap_m, "Metres within which two units' boundaries are one shared border")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
}

void add_sea_options(CLI::App& cmd, borderflow::pipeline::SeaSettings& sea) {
  cmd.add_option("--sea-routing", sea.routing, "Route sea legs over water around the land (on) or keep them straight (off)")
      ->capture_default_str()->check(CLI::IsMember({"on", "off"}));
  cmd.add_option("--min-channel-m", sea.min_channel_m, "Sea routing: water narrower than this many metres is closed")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd.add_option("--port-reach-km", sea.port_reach_km,
                 "Sea routing: a port inland links to the nearest water within this many km")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
}

void add_hotspot_options(CLI::App& cmd, borderflow::pipeline::HotspotSettings& h) {
  cmd.add_option("--value", h.value, "What a cell counts: crossings (weighted), route_length (weighted metres) or incidents")
      ->capture_default_str()->check(CLI::IsMember({"crossings", "route_length", "incidents"}));
  cmd.add_option("--incidents", h.incidents, "Point layer counted by --value incidents, FILE[:LAYER]");
  cmd.add_option("--incident-weight", h.incident_weight, "Field of the incidents holding their weight (default: weight, else 1)");
  cmd.add_option("--aoi", h.aoi, "Polygons of the area of interest (default: the extent of the routes)");
  cmd.add_option("--cells", h.cells, "Which hexagons: land, all (land and sea) or auto (all when a route goes by sea or river)")
      ->capture_default_str()->check(CLI::IsMember({"auto", "land", "all"}));
  cmd.add_option("--cell-size,--cell-size-km", h.cell_size_km,
                 "Hexagon size in km, centre to centre (default: chosen from the area, reported)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--band-km", h.band_km, "Gi* distance band in km (default: the smallest giving every cell a neighbour)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--knn", h.knn, "Gi* with the K nearest cells instead of a distance band")->check(CLI::PositiveNumber);
  cmd.add_option("--permutations", h.permutations, "Permutations for pseudo p-values (0 = analytic only)")->capture_default_str();
  cmd.add_option("--seed", h.seed, "Seed of the permutations")->capture_default_str();
  cmd.add_flag("--fdr,!--no-fdr", h.fdr, "Bins with (default) or without the false discovery rate correction");
  cmd.add_option("--segment-km", h.segment_km, "Length of border segments in km")->capture_default_str()->check(CLI::PositiveNumber);
  cmd.add_option("--segment-band-km", h.segment_band_km,
                 "Gi* neighbours of a border segment within this many km along the border (default: 2 segments)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--segment-coast,!--no-segment-coast", h.segment_coast, "Cut the coastline into segments too (or not)");
  cmd.add_option("--eps-m", h.eps_m, "DBSCAN radius in metres")->capture_default_str()->check(CLI::PositiveNumber);
  cmd.add_option("--min-weight", h.min_weight, "DBSCAN: total weight within eps for a core crossing")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd.add_option("--kernel", h.kernel, "Density kernel: quartic, triweight, epanechnikov, triangular, uniform")
      ->capture_default_str()->check(CLI::IsMember({"quartic", "triweight", "epanechnikov", "triangular", "uniform"}));
  cmd.add_option("--bandwidth-m", h.bandwidth_m, "Density bandwidth in metres (default: ArcGIS's rule, reported)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--pixel-m", h.pixel_m, "Density pixel size in metres (default: about 1000 pixels across)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--with-density,!--no-density", h.density, "Write the density raster (default) or not");
  cmd.add_option("--by", h.by, "Break values down by a route field: year, crime, sex, age_group, ...");
  cmd.add_flag("--by-allow-free-text", h.by_allow_free_text,
               "Accept a --by field with more than 50 values or values over 40 characters (refused: they look like "
               "free text, which can identify a record)");
  cmd.add_option("--time", h.time,
                 "Time field of the emerging hot spots: year, a date field, auto (year when the records have it) or none")
      ->capture_default_str();
  cmd.add_option("--time-step", h.time_step, "Time step of a date field: year, quarter or month")
      ->capture_default_str()->check(CLI::IsMember({"year", "quarter", "month"}));
  cmd.add_option("--time-window", h.time_window,
                 "Earlier time steps that count as neighbours in the space-time Gi* (ArcGIS's Neighborhood Time Step)")
      ->capture_default_str();
  cmd.add_option("--trend-alpha", h.trend_alpha, "Significance of the Mann-Kendall trend")->capture_default_str();
}

constexpr const char* kMinCountHelp =
    "Counts and weights of persons below K become null in every output file, rows flagged 'suppressed' "
    "(0 publishes all; default 11, the Counter Trafficking Data Collaborative's threshold)";

void add_graph_options(CLI::App& cmd, borderflow::pipeline::AnalysisSettings& s) {
  cmd.add_option("--snap-m", s.corridors.graph.snap_m, "Metres within which leg ends of line routes are one node")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--checkpoints", s.corridors.checkpoints, "Number of checkpoints to place")->capture_default_str();
  cmd.add_option("--checkpoint-elements", s.checkpoint_elements, "Where checkpoints may go: nodes, edges or both")
      ->capture_default_str()->check(CLI::IsMember({"nodes", "edges", "both"}));
}

// Options every analysis command has: --top, --min-count, --threads, -q, --format.
void add_run_options(CLI::App& cmd, borderflow::pipeline::AnalysisSettings& s, borderflow::cli::RunFlags& flags,
                     std::string& format, const char* top_help = "Rows of each ranking to print") {
  cmd.add_option("--top", s.top, top_help)->capture_default_str();
  cmd.add_option("--min-count", s.min_count, kMinCountHelp)->capture_default_str();
  cmd.add_option("--threads", s.threads, "Threads (0 = all cores)")->capture_default_str();
  cmd.add_flag("--cache,!--no-cache", s.cache.enabled,
               "Keep the repaired borders and prepared frontier between runs (default) or not (README, Frontier cache)");
  cmd.add_option("--cache-max-mb", s.cache.max_mb, "Frontier cache size bound; the least recently used entries go")
      ->capture_default_str();
  cmd.add_option("--cache-dir", s.cache.dir, "Frontier cache folder (default: $XDG_CACHE_HOME/borderflow, ~/.cache/borderflow)");
  cmd.add_flag("-q,--quiet", flags.quiet, "No progress on stderr");
  cmd.add_option("--format", format, "Summary on stdout: text or json")->check(CLI::IsMember({"text", "json"}));
}

// The value of --config in the arguments of `subcommand`, if any.
std::string config_argument(const std::vector<std::string>& args, const std::string& subcommand) {
  bool in_sub = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == subcommand) in_sub = true;
    if (!in_sub) continue;
    if (args[i] == "--config" && i + 1 < args.size()) return args[i + 1];
    if (args[i].rfind("--config=", 0) == 0) return args[i].substr(9);
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace borderflow;
  geodata::install_interrupt_cleanup();  // Ctrl-C or a kill leaves no temporary output behind
  CLI::App app{"borderflow: where trafficking and smuggling routes cross borders and coasts, and which corridors matter",
               "borderflow"};
  app.set_version_flag("--version", "borderflow " BORDERFLOW_VERSION);
  app.require_subcommand(1);
  std::string format = "text";

  cli::InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Describe vector datasets: driver, layers, CRS, extent, fields, validity");
  info_cmd->add_option("paths", info.paths, "Datasets, FILE[:LAYER]")->required();
  info_cmd->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  info_cmd->add_flag("--no-validity{false}", info.check_validity, "Skip the GEOS validity check of every polygon");
  bool info_quiet = false;
  info_cmd->add_flag("-q,--quiet", info_quiet, "No progress on stderr (info shows none)");

  struct {
    geodata::LoadOptions inputs;
  } validate;
  auto* validate_cmd = app.add_subcommand("validate", "Read and check every input of an analysis, and report");
  add_input_options(*validate_cmd, validate.inputs);
  validate_cmd->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  bool quiet_unused = false;
  validate_cmd->add_flag("-q,--quiet", quiet_unused, "No progress on stderr (validate shows none)");

  pipeline::AnalysisSettings cross;
  cli::RunFlags cross_flags;
  auto* cross_cmd = app.add_subcommand("crossings", "Where routes cross land borders and coastlines; writes borders and crossings");
  add_input_options(*cross_cmd, cross.inputs);
  cross_cmd->add_option("-o,--output", cross.output, "Output dataset (GeoPackage unless -of says otherwise)")->required();
  cross_cmd->add_option("--of", cross.driver, "GDAL vector driver of the output")->capture_default_str();
  add_crossing_options(*cross_cmd, cross.crossing);
  add_sea_options(*cross_cmd, cross.sea);
  add_run_options(*cross_cmd, cross, cross_flags, format);

  pipeline::AnalysisSettings cor;
  cli::RunFlags cor_flags;
  auto* cor_cmd = app.add_subcommand("corridors", "Route graph, flows, betweenness, corridors and chokepoints");
  add_input_options(*cor_cmd, cor.inputs);
  cor_cmd->add_option("-o,--output", cor.output, "Output dataset (GeoPackage unless --of says otherwise)")->required();
  cor_cmd->add_option("--of", cor.driver, "GDAL vector driver of the output")->capture_default_str();
  add_graph_options(*cor_cmd, cor);
  add_sea_options(*cor_cmd, cor.sea);
  add_run_options(*cor_cmd, cor, cor_flags, format, "Corridors to print");

  pipeline::AnalysisSettings hot;
  cli::RunFlags hot_flags;
  auto* hot_cmd = app.add_subcommand("hotspots", "Hot spots: Gi* on hexagons and border segments, crossing clusters, kernel density");
  add_input_options(*hot_cmd, hot.inputs, false);
  hot_cmd->add_option("--config", hot_flags.config, "TOML file of settings (see geodata/samples/bangladesh/analysis.toml); flags override it");
  hot_cmd->add_option("-o,--output", hot.output, "Output dataset (GeoPackage unless --of says otherwise)");
  hot_cmd->add_option("--of", hot.driver, "GDAL vector driver of the output")->capture_default_str();
  add_crossing_options(*hot_cmd, hot.crossing);
  add_sea_options(*hot_cmd, hot.sea);
  add_hotspot_options(*hot_cmd, hot.hotspots);
  hot_cmd->add_option("--density", hot.density, "GeoTIFF of the kernel density (default: density.tif beside the output)");
  add_run_options(*hot_cmd, hot, hot_flags, format, "Hot spots to print");

  pipeline::AnalysisSettings ana;
  cli::RunFlags ana_flags;
  auto* ana_cmd = app.add_subcommand(
      "analyze", "Everything at once: crossings, route graph, corridors, chokepoints, hot spots; one styled GeoPackage, "
                 "density.tif and summary.json");
  add_input_options(*ana_cmd, ana.inputs, false);
  ana_cmd->add_option("--config", ana_flags.config, "TOML file of settings (see geodata/samples/bangladesh/analysis.toml); flags override it");
  ana_cmd->add_option("-o,--output", ana.output, "Output GeoPackage (or another vector format with --of; only GeoPackage keeps the styles)");
  ana_cmd->add_option("--of", ana.driver, "GDAL vector driver of the output")->capture_default_str();
  ana_cmd->add_option("--density", ana.density, "GeoTIFF of the kernel density (default: density.tif beside the output)");
  ana_cmd->add_option("--summary", ana.summary, "JSON summary (default: summary.json beside the output)");
  add_crossing_options(*ana_cmd, ana.crossing);
  add_sea_options(*ana_cmd, ana.sea);
  add_graph_options(*ana_cmd, ana);
  add_hotspot_options(*ana_cmd, ana.hotspots);
  add_run_options(*ana_cmd, ana, ana_flags, format, "Rows of each ranking in the summary");

  pipeline::PathRequest path;
  bool path_quiet = false;
  std::string path_format = "text";
  auto* path_cmd = app.add_subcommand("path", "Shortest and k shortest paths between two places over the recorded routes");
  add_input_options(*path_cmd, path.inputs);
  path_cmd->add_option("--from", path.from, "Place the paths start from")->required();
  path_cmd->add_option("--to", path.to, "Place the paths lead to");
  path_cmd->add_option("--within-km", path.within_km,
                       "Without --to: list the places reachable from --from within this distance")
      ->check(CLI::PositiveNumber);
  path_cmd->add_option("--k", path.k, "Number of loopless paths, shortest first")->capture_default_str();
  path_cmd->add_option("--snap-m", path.graph.snap_m, "Metres within which leg ends of line routes are one node")
      ->capture_default_str();
  path_cmd->add_option("--port-radius", path.crossing.crossing.port_radius_m,
                       "Metres within which a crossing is at an official port (formal)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  path_cmd->add_option("--coast-gap", path.crossing.crossing.coast_gap_m,
                       "Metres of water between two pieces of land still crossed as land")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  add_sea_options(*path_cmd, path.sea);
  path_cmd->add_option("--format", path_format, "text, json or geojson")
      ->check(CLI::IsMember({"text", "json", "geojson"}));
  path_cmd->add_flag("-q,--quiet", path_quiet, "No progress on stderr (path shows none)");

  mapexport::MapRequest map;
  bool map_quiet = false;
  auto* map_cmd = app.add_subcommand("map", "Maps of an analysis: a self-contained interactive HTML map and a static PNG/SVG/PDF");
  map_cmd->add_option("input", map.input, "The GeoPackage written by analyze or demo")->required();
  map_cmd->add_option("--html", map.html, "Interactive map (one HTML file, works offline)");
  map_cmd->add_option("--png", map.png, "Static map as PNG");
  map_cmd->add_option("--svg", map.svg, "Static map as SVG");
  map_cmd->add_option("--pdf", map.pdf, "Static map as PDF");
  map_cmd->add_option("--mapnik-xml", map.mapnik_xml, "Also write the Mapnik style of the static map (to restyle it)");
  map_cmd->add_option("--density", map.density, "Density GeoTIFF (default: density.tif beside the input, when present)");
  map_cmd->add_option("--width", map.width, "Static map width in pixels")->capture_default_str()->check(CLI::Range(64, 20000));
  map_cmd->add_option("--height", map.height, "Static map height in pixels")->capture_default_str()->check(CLI::Range(64, 20000));
  map_cmd->add_option("--dpi", map.dpi, "Static map resolution")->capture_default_str()->check(CLI::Range(36.0, 1200.0));
  map_cmd->add_option("--bbox", map.bbox, "west,south,east,north in degrees (default: crossings and hot spots with a margin)");
  map_cmd->add_option("--title", map.title, "Title (default: borderflow: FILE)");
  map_cmd->add_option("--attribution", map.attribution, "Data credit shown on the maps")->capture_default_str();
  map_cmd->add_flag("--tiles,!--no-tiles", map.tiles, "OpenStreetMap tiles under the HTML map when online (default on)");
  map_cmd->add_flag("-q,--quiet", map_quiet, "No progress on stderr (map shows none)");

  cli::DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Run borderflow on the bundled Bangladesh sample");
  demo_cmd->add_option("-o,--output", demo.output_dir, "Folder for the demo outputs")->capture_default_str();
  demo_cmd->add_option("--samples", demo.samples_dir, "Folder of the bundled samples (default: found automatically)");
  demo_cmd->add_flag("-q,--quiet", demo.quiet, "No progress on stderr");

  // GDAL users write "-of DRIVER"; CLI11 takes one-dash options of one letter only.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::string& a : args)
    if (a == "-of") a = "--of";
  // Config files are read before the flags, so that flags override them.
  try {
    if (const std::string c = config_argument(args, "analyze"); !c.empty()) pipeline::read_config(c, ana);
    if (const std::string c = config_argument(args, "hotspots"); !c.empty()) pipeline::read_config(c, hot);
  } catch (const Error& e) {
    std::cerr << "borderflow: error: " << cli::in_cli_words(e.what()) << "\n";
    return static_cast<int>(e.code());
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  const cli::Format fmt = format == "json" ? cli::Format::json : cli::Format::text;
  try {
    if (*info_cmd) {
      info.format = fmt;
      return cli::run_info(info);
    }
    if (*validate_cmd) {
      pipeline::AnalysisSettings v;
      v.inputs = validate.inputs;
      return cli::run(cli::Command::validate, v, {false, fmt, {}});
    }
    if (*cross_cmd) {
      cross_flags.format = fmt;
      return cli::run(cli::Command::crossings, cross, cross_flags);
    }
    if (*cor_cmd) {
      cor_flags.format = fmt;
      return cli::run(cli::Command::corridors, cor, cor_flags);
    }
    if (*hot_cmd) {
      hot_flags.format = fmt;
      return cli::run(cli::Command::hotspots, hot, hot_flags);
    }
    if (*ana_cmd) {
      ana_flags.format = fmt;
      return cli::run(cli::Command::analyze, ana, ana_flags);
    }
    if (*path_cmd) {
      return cli::run_path(path, path_format == "json"      ? cli::PathFormat::json
                                 : path_format == "geojson" ? cli::PathFormat::geojson
                                                            : cli::PathFormat::text);
    }
    if (*map_cmd) return cli::run_map(map);
    if (*demo_cmd) return cli::run_demo(demo);
  } catch (const Error& e) {
    std::cerr << "borderflow: error: " << cli::in_cli_words(e.what()) << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "borderflow: internal error: " << e.what() << "\n  please report this with the command you ran\n";
    return static_cast<int>(ExitCode::internal);
  }
  return static_cast<int>(ExitCode::usage);
}
