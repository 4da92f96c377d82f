#pragma once
// The subcommands of the `borderflow` executable. Each takes an options
// struct filled by the parser in main.cpp, calls library entry points, prints,
// and returns the process exit code. No analysis logic lives here.
#include <optional>
#include <string>
#include <vector>

#include "engine/corridors/analysis.hpp"
#include "engine/crossings/analysis.hpp"
#include "apps/cli/settings.hpp"
#include "engine/hotspots/analysis.hpp"
#include "geodata/load.hpp"

namespace borderflow::cli {

enum class Format { text, json };

struct InfoOptions {
  std::vector<std::string> paths;
  Format format = Format::text;
  bool check_validity = true;
};
int run_info(const InfoOptions& options);

struct ValidateOptions {
  geodata::LoadOptions inputs;
  Format format = Format::text;
};
int run_validate(const ValidateOptions& options);

struct CrossingsOptions {
  geodata::LoadOptions inputs;
  crossings::CrossingAnalysisOptions analysis;
  std::string output;
  std::string driver = "GPKG";
  double min_count = geodata::kDefaultMinCount;
  Format format = Format::text;
};
int run_crossings(const CrossingsOptions& options);

struct CorridorsOptions {
  geodata::LoadOptions inputs;
  corridors::CorridorOptions analysis;
  std::string output;
  std::string driver = "GPKG";
  double min_count = geodata::kDefaultMinCount;
  std::size_t top = 10;
  Format format = Format::text;
};
int run_corridors(const CorridorsOptions& options);

// Flags of a run that are not analysis settings.
struct RunFlags {
  bool quiet = false;  // no progress on stderr
  Format format = Format::text;
  std::string config;  // the --config file read, for summary.json
  bool print = true;   // the summary on stdout (the Python module turns it off)
};

// The extra inputs of the hot spot analysis: --aoi and --incidents (lon/lat),
// read with the routes' --assume-crs; warnings go to the inputs' diagnostics.
struct HotspotInputs {
  std::optional<geometry::MultiPolygon> aoi;
  std::vector<hotspots::Incident> incidents;
};
HotspotInputs read_hotspot_inputs(const AnalysisSettings& settings, geodata::LoadedInputs& inputs);

// Crossings and hot spots; writes borders, crossings, hotspot_cells,
// border_segments, crossing_clusters and the density raster.
int run_hotspots(const AnalysisSettings& settings, const RunFlags& flags);

// Every analysis once: one GeoPackage with every layer of the output
// contract and its QGIS styles, density.tif and summary.json.
// `preloaded`: inputs already read from settings.inputs (the Python module's
// dataset), used instead of reading the files again.
int run_analyze(const AnalysisSettings& settings, const RunFlags& flags,
                const geodata::LoadedInputs* preloaded = nullptr);

enum class PathFormat { text, json, geojson };
struct PathOptions {
  geodata::LoadOptions inputs;
  routes::GraphOptions graph;
  crossings::CrossingAnalysisOptions crossing;  // for the borders each path crosses
  std::string from;
  std::string to;               // empty with within_km: places reachable from `from`
  double within_km = 0.0;       // > 0: list the places reachable within this distance
  std::size_t k = 1;
  PathFormat format = PathFormat::text;
};
int run_path(const PathOptions& options);

// `borderflow map`: the maps of an analysis GeoPackage.
struct MapOptions {
  std::string input;    // the GeoPackage of analyze/demo
  std::string density;  // GeoTIFF; empty = density.tif beside the input, when present
  std::string html;     // interactive map
  std::string png, svg, pdf;  // static maps
  std::string mapnik_xml;     // also write the Mapnik style used, for restyling
  int width = 1600;
  int height = 1200;
  double dpi = 150.0;
  std::string bbox;  // "west,south,east,north"; empty = crossings and hot spots with a margin
  std::string title;
  std::string attribution = "Borders: Natural Earth";
  bool tiles = true;
};
int run_map(const MapOptions& options);

struct DemoOptions {
  std::string output_dir = "borderflow-demo";
  std::string samples_dir;  // empty: find the bundled samples
  bool quiet = false;
};
int run_demo(const DemoOptions& options);

// The folder of the bundled samples: $BORDERFLOW_SAMPLES, the source tree, or
// the installed share/borderflow/samples.
std::string find_samples_dir();

}  // namespace borderflow::cli
