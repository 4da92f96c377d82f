#pragma once
// borderflow::pipeline — the analysis pipeline as a library: settings in,
// results and written paths out. Every program calls these entry points (the
// `borderflow` command, the Python module, the QGIS plugin, the distributed
// runner); none holds analysis code of its own.
//
// A run reads its inputs once (or takes them already read), runs each
// analysis once, protects every published value (--min-count) and writes all
// of its outputs through one ordered commit (geodata/atomic_output.hpp): an
// error or an interruption leaves the previous outputs as they were and no
// temporary file behind.
//
// Errors are borderflow::Error (engine/core/error.hpp); messages name
// options by their settings names in backquotes (`band_km`), which each
// program translates into its own words (--band-km, band_km=).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/corridors/analysis.hpp"
#include "engine/corridors/paths.hpp"
#include "engine/crossings/analysis.hpp"
#include "engine/routes/route_graph.hpp"
#include "geodata/load.hpp"
#include "pipeline/settings.hpp"

namespace borderflow::pipeline {

// Progress of a multi-step run. `on_step` is called at the start of each step
// (1-based index of `count`); `cancelled`, checked between steps, stops the
// run with a Cancelled error when it returns true. Either may be empty.
struct Progress {
  std::function<void(const std::string& step, int index, int count)> on_step;
  std::function<bool()> cancelled;
  void step(const std::string& name, int index, int count) const;
};

// What a run produced: the summary (as summary.json holds it, for analyze),
// the same for a terminal, and the files written.
struct RunResult {
  nlohmann::json summary;
  std::string text;
  std::vector<std::string> written;
};

// Every analysis once: one GeoPackage with every layer of the output contract
// and its QGIS styles, density.tif and summary.json. `preloaded`: the inputs
// already read from settings.inputs (the Python module's dataset), used
// instead of reading the files again. `config_file`: the settings file read,
// recorded in summary.json.
RunResult run_analysis(const AnalysisSettings& settings, const Progress& progress = {},
                       const geodata::LoadedInputs* preloaded = nullptr, const std::string& config_file = {});

// Crossings only: borders and crossings layers.
RunResult run_crossings(const AnalysisSettings& settings, const Progress& progress = {});
// The route graph: route_edges, route_nodes, corridors, chokepoints.
RunResult run_corridors(const AnalysisSettings& settings, const Progress& progress = {});
// Crossings and hot spots: borders, crossings, hotspot_cells, border_segments,
// crossing_clusters and the density raster.
RunResult run_hotspots(const AnalysisSettings& settings, const Progress& progress = {});

// The inputs read and checked, with the report of `borderflow validate`.
RunResult run_validate(const geodata::LoadOptions& inputs);

// The borders and coasts a path over the route graph crosses, each as
// "KIND FROM>TO[ at PORT]" ("land BGD>IND at Benapole"), per path.
std::vector<std::vector<std::string>> path_crossings(const geodata::LoadedInputs& inputs,
                                                     const routes::RouteGraph& graph,
                                                     const std::vector<corridors::Path>& paths,
                                                     const crossings::CrossingAnalysisOptions& options);
// The same on a frontier already prepared for these inputs (no second build).
std::vector<std::vector<std::string>> path_crossings(const crossings::PreparedFrontier& frontier,
                                                     const geodata::LoadedInputs& inputs,
                                                     const routes::RouteGraph& graph,
                                                     const std::vector<corridors::Path>& paths,
                                                     const crossings::CrossingAnalysisOptions& options);

struct PathRequest {
  geodata::LoadOptions inputs;
  routes::GraphOptions graph;
  crossings::CrossingAnalysisOptions crossing;  // for the borders each path crosses
  SeaSettings sea;                              // sea legs over water, as in analyze
  std::string from;
  std::string to;          // empty with within_km: places reachable from `from`
  double within_km = 0.0;  // > 0: the places reachable within this distance
  std::size_t k = 1;
};
// summary: a list of paths {rank, length_m, places, modes, crossings} (or of
// {place, distance_m} for within_km); text: the same for a terminal;
// `geojson` the paths as a FeatureCollection.
struct PathResult : RunResult {
  nlohmann::json geojson;
};
PathResult run_path(const PathRequest& request);

// The folder of the bundled samples: $BORDERFLOW_SAMPLES, the source tree, or
// the installed share/borderflow/samples.
std::string find_samples_dir();

// The settings of the bundled Bangladesh sample (its analysis.toml), writing
// into `output_dir`.
AnalysisSettings demo_settings(const std::string& samples_dir, const std::string& output_dir);

}  // namespace borderflow::pipeline
