// borderflow: the command-line front end. Parses options into structs and
// dispatches to apps/cli/commands.cpp; errors become messages and stable exit
// codes (engine/core/error.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "apps/cli/commands.hpp"
#include "engine/core/error.hpp"

namespace {

void add_input_options(CLI::App& cmd, borderflow::geodata::LoadOptions& in) {
  cmd.add_option("--borders", in.borders, "Country/admin-unit polygons or border lines, FILE[:LAYER]")->required();
  cmd.add_option("--routes", in.routes, "Route lines or an itinerary table, FILE[:LAYER]")->required();
  cmd.add_option("--places", in.places, "Places gazetteer (name, aliases, lon, lat, kind, country)");
  cmd.add_option("--ports", in.ports, "Official ports of entry (points, or a table with lon/lat)");
  cmd.add_option("--coast", in.coast, "Land polygons or coastline lines overriding the derived coastline");
  cmd.add_option("--border-id", in.border_id, "Field identifying the border units (default: iso_a3, adm0_a3, ..., name)");
  cmd.add_option("--where", in.where, "OGR SQL attribute filter on the routes, e.g. \"crime = 'TIP' AND year >= 2020\"");
  cmd.add_option("--assume-crs", in.assume_crs, "CRS for layers that declare none, e.g. EPSG:4326");
  cmd.add_option("--crs", in.crs, "Working CRS in metres (default: UTM for a small extent, else equal-area)");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace borderflow;
  CLI::App app{"borderflow: where trafficking and smuggling routes cross borders and coasts, and which corridors matter"};
  app.set_version_flag("--version", "borderflow " BORDERFLOW_VERSION);
  app.require_subcommand(1);
  std::string format = "text";

  cli::InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Describe vector datasets: driver, layers, CRS, extent, fields, validity");
  info_cmd->add_option("paths", info.paths, "Datasets, FILE[:LAYER]")->required();
  info_cmd->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  info_cmd->add_flag("--no-validity{false}", info.check_validity, "Skip the GEOS validity check of every polygon");

  cli::ValidateOptions validate;
  auto* validate_cmd = app.add_subcommand("validate", "Read and check every input of an analysis, and report");
  add_input_options(*validate_cmd, validate.inputs);
  validate_cmd->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));

  cli::CrossingsOptions cross;
  auto* cross_cmd = app.add_subcommand("crossings", "Where routes cross land borders and coastlines; writes borders and crossings");
  add_input_options(*cross_cmd, cross.inputs);
  cross_cmd->add_option("-o,--output", cross.output, "Output dataset (GeoPackage unless -of says otherwise)")->required();
  cross_cmd->add_option("--of", cross.driver, "GDAL vector driver of the output")->capture_default_str();
  cross_cmd->add_option("--port-radius", cross.analysis.crossing.port_radius_m,
                        "Metres within which a crossing is at an official port (formal)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cross_cmd->add_option("--coast-gap", cross.analysis.crossing.coast_gap_m,
                        "Metres of water between two pieces of land still crossed as land")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cross_cmd->add_option("--snap", cross.analysis.borders.snap_m,
                        "Metres within which two units' boundaries are one shared border")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cross_cmd->add_option("--threads", cross.analysis.crossing.threads, "Threads (0 = all cores)")->capture_default_str();
  cross_cmd->add_option("--format", format, "Summary on stdout: text or json")->check(CLI::IsMember({"text", "json"}));

  cli::CorridorsOptions cor;
  std::string elements = "both";
  auto* cor_cmd = app.add_subcommand("corridors", "Route graph, flows, betweenness, corridors and chokepoints");
  add_input_options(*cor_cmd, cor.inputs);
  cor_cmd->add_option("-o,--output", cor.output, "Output dataset (GeoPackage unless --of says otherwise)")->required();
  cor_cmd->add_option("--of", cor.driver, "GDAL vector driver of the output")->capture_default_str();
  cor_cmd->add_option("--snap-m", cor.analysis.graph.snap_m, "Metres within which leg ends of line routes are one node")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cor_cmd->add_option("--checkpoints", cor.analysis.checkpoints, "Number of checkpoints to place")->capture_default_str();
  cor_cmd->add_option("--checkpoint-elements", elements, "Where checkpoints may go: nodes, edges or both")
      ->capture_default_str()->check(CLI::IsMember({"nodes", "edges", "both"}));
  cor_cmd->add_option("--top", cor.top, "Corridors to print")->capture_default_str();
  cor_cmd->add_option("--threads", cor.analysis.threads, "Threads (0 = all cores)")->capture_default_str();
  cor_cmd->add_option("--format", format, "Summary on stdout: text or json")->check(CLI::IsMember({"text", "json"}));

  cli::PathOptions path;
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
  path_cmd->add_option("--format", path_format, "text, json or geojson")
      ->check(CLI::IsMember({"text", "json", "geojson"}));

  cli::DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Run borderflow on the bundled Bangladesh sample");
  demo_cmd->add_option("-o,--output", demo.output_dir, "Folder for the demo outputs")->capture_default_str();
  demo_cmd->add_option("--samples", demo.samples_dir, "Folder of the bundled samples (default: found automatically)");

  // GDAL users write "-of DRIVER"; CLI11 takes one-dash options of one letter only.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::string& a : args)
    if (a == "-of") a = "--of";
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
      validate.format = fmt;
      return cli::run_validate(validate);
    }
    if (*cross_cmd) {
      cross.format = fmt;
      return cli::run_crossings(cross);
    }
    if (*cor_cmd) {
      cor.format = fmt;
      cor.analysis.checkpoint_elements = elements == "nodes"   ? corridors::CheckpointElements::nodes
                                         : elements == "edges" ? corridors::CheckpointElements::edges
                                                               : corridors::CheckpointElements::both;
      return cli::run_corridors(cor);
    }
    if (*path_cmd) {
      path.format = path_format == "json"      ? cli::PathFormat::json
                    : path_format == "geojson" ? cli::PathFormat::geojson
                                               : cli::PathFormat::text;
      return cli::run_path(path);
    }
    if (*demo_cmd) return cli::run_demo(demo);
  } catch (const Error& e) {
    std::cerr << "borderflow: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "borderflow: internal error: " << e.what() << "\n  please report this with the command you ran\n";
    return static_cast<int>(ExitCode::internal);
  }
  return static_cast<int>(ExitCode::usage);
}
