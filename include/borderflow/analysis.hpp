#pragma once
// borderflow's installed C++ interface (a small facade over the pipeline, as
// OSRM's include/osrm/): run the analysis of `borderflow analyze` from a
// program. Only the standard library and <borderflow/error.hpp> are needed to
// include it; link borderflow::pipeline (find_package(borderflow)).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "borderflow/error.hpp"

namespace borderflow {

struct AnalysisRequest {
  // A settings file (TOML; see the bundled sample's analysis.toml): every
  // option of every step. Optional; the fields below override it.
  std::string config;
  // Inputs, FILE[:LAYER]: border polygons or lines, routes (lines or an
  // itinerary table), the places gazetteer, ports of entry, land or coastline.
  std::string borders, routes, places, ports, coast;
  // The GeoPackage to write; density.tif and summary.json go beside it.
  std::string output;
  // Counts and weights below this are withheld in every output (default 11).
  std::optional<double> min_count;
  // Threads (0 = all cores); unset: as in the settings file.
  std::optional<int> threads;
  // Called at the start of each step of the run (1-based index of count).
  std::function<void(const std::string& step, int index, int count)> on_step;
  // Checked between steps: true stops the run (borderflow::Cancelled), nothing written.
  std::function<bool()> cancelled;
};

struct AnalysisOutcome {
  std::string summary_json;          // summary.json as written
  std::string text;                  // the summary as `borderflow analyze` prints it
  std::vector<std::string> written;  // the files written
};

// Runs every analysis once and writes every output (all or none). Throws
// borderflow::Error: UsageError, InputError (naming file and line),
// GeometryError, CrsError, OutputError, Cancelled.
AnalysisOutcome analyze(const AnalysisRequest& request);

// The folder of the bundled sample data (installed with borderflow).
std::string samples_dir();

// "0.1.0"
std::string version();

}  // namespace borderflow
