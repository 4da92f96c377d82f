#include "apps/cli/commands.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

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
  CrossingsOptions job;
  job.inputs.borders = (dir / "countries.gpkg").string() + ":countries";
  job.inputs.places = (dir / "places.csv").string();
  job.inputs.routes = (dir / "routes_illustrative.csv").string();
  job.inputs.ports = (dir / "ports.csv").string();
  job.output = (fs::path(options.output_dir) / "borderflow.gpkg").string();
  std::cout << "borderflow demo: the bundled Bangladesh sample (" << dir.string() << ")\n"
            << "The routes are illustrative, not case data.\n\n";
  const CrossingsRun run = crossings_to_file(job);
  print_crossings_text(run, job.output);
  const fs::path report = fs::path(options.output_dir) / "summary.json";
  nlohmann::json j = geodata::crossings_summary(*run.analysis, run.inputs);
  j["inputs"] = geodata::load_report(job.inputs, run.inputs);
  const std::string tmp = report.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    out.close();
    if (!out) throw OutputError(tmp, "cannot write the summary", "check free disk space");
  }
  fs::rename(tmp, report, ec);
  if (ec) throw OutputError(report.string(), "cannot move the summary into place (" + ec.message() + ")");
  std::cout << "Summary written to " << report.string() << "\n"
            << "Open " << job.output << " in QGIS (Layer > Add Layer > Add Vector Layer) to see the borders and crossings.\n";
  return 0;
}

}  // namespace borderflow::cli
