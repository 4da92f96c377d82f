#pragma once
// What the `borderflow` executable does besides parsing: print a run's
// results, show progress, speak of options in its own words. The analyses
// are the pipeline's (pipeline/pipeline.hpp); the maps the map exporter's.
#include <string>
#include <vector>

#include "mapexport/maps.hpp"
#include "pipeline/pipeline.hpp"

namespace borderflow::cli {

enum class Format { text, json };

// The parts of a command line that are not settings.
struct RunFlags {
  bool quiet = false;  // no progress on stderr
  Format format = Format::text;
  std::string config;  // the --config file read
};

struct InfoOptions {
  std::vector<std::string> paths;
  Format format = Format::text;
  bool check_validity = true;
};
int run_info(const InfoOptions& options);

// Runs the pipeline's run of `command` with progress on stderr (unless quiet) and prints its result.
enum class Command { validate, crossings, corridors, hotspots, analyze };
int run(Command command, const pipeline::AnalysisSettings& settings, const RunFlags& flags);

enum class PathFormat { text, json, geojson };
int run_path(const pipeline::PathRequest& request, PathFormat format);

// Writes the maps and says where (a build without the map exporter refuses).
int run_map(const mapexport::MapRequest& request);

struct DemoOptions {
  std::string output_dir = "borderflow-demo";
  std::string samples_dir;  // empty: find the bundled samples
  bool quiet = false;
};
int run_demo(const DemoOptions& options);

// An error message in the words of this program: the settings names the
// library uses (`band_km`) become the flags (--band-km).
std::string in_cli_words(const std::string& message);

}  // namespace borderflow::cli
