#include "apps/cli/commands.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/core/error.hpp"
#include "geodata/crossings_output.hpp"
#include "geodata/inspect.hpp"
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

int run_crossings(const CrossingsOptions& options) {
  check_output_is_not_an_input(options.output, options.inputs);
  geodata::LoadedInputs in = geodata::load_inputs(options.inputs);
  const crossings::CrossingAnalysis analysis = crossings::analyze_crossings(
      in.borders.input, in.routes.routes, in.ports, in.working_crs.definition,
      in.coast ? std::optional(in.coast->land) : std::nullopt,
      in.coast ? std::optional(in.coast->lines) : std::nullopt, options.analysis, in.diagnostics);
  geodata::OutputDataset out(options.output, options.driver);
  geodata::write_borders_layer(out, analysis);
  geodata::write_crossings_layer(out, analysis, in);
  out.commit();
  if (options.format == Format::json) {
    nlohmann::json j = geodata::crossings_summary(analysis, in);
    j["inputs"] = geodata::load_report(options.inputs, in);
    j["output"] = options.output;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << geodata::load_report_text(in) << "\n"
              << geodata::crossings_summary_text(analysis) << "\n"
              << analysis.result.crossings.size() << " crossings written to " << options.output << " (layers borders, crossings)\n";
  }
  return 0;
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
  geodata::LoadOptions in;
  in.borders = (dir / "countries.gpkg").string() + ":countries";
  in.places = (dir / "places.csv").string();
  in.routes = (dir / "routes_illustrative.csv").string();
  in.ports = (dir / "ports.csv").string();
  std::cout << "borderflow demo: the bundled Bangladesh sample (" << dir.string() << ")\n"
            << "The routes are illustrative, not case data.\n\n";
  geodata::InspectOptions io;
  std::cout << geodata::to_text(geodata::inspect(in.borders, io)) << "\n";
  const geodata::LoadedInputs loaded = geodata::load_inputs(in);
  std::cout << "Inputs loaded and checked:\n" << geodata::load_report_text(loaded);
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw OutputError(options.output_dir, "cannot create the demo folder (" + ec.message() + ")");
  const fs::path report = fs::path(options.output_dir) / "inputs.json";
  {
    const std::string tmp = report.string() + ".tmp";
    std::ofstream out(tmp);
    out << geodata::load_report(in, loaded).dump(2) << "\n";
    out.close();
    if (!out) throw OutputError(tmp, "cannot write the load report", "check free disk space");
    fs::rename(tmp, report, ec);
    if (ec) throw OutputError(report.string(), "cannot move the load report into place (" + ec.message() + ")");
  }
  std::cout << "\nLoad report written to " << report.string() << "\n";
  return 0;
}

}  // namespace borderflow::cli
