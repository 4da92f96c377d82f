#pragma once
// Settings of the analysis commands in the units users give them (km, m,
// names), as read from flags and from a TOML config file (--config), and
// their conversion to the engine's option structs. Flags override the file:
// the file is read first into these structs, then the flags are parsed over
// them.
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/corridors/analysis.hpp"
#include "engine/crossings/analysis.hpp"
#include "engine/hotspots/analysis.hpp"
#include "geodata/load.hpp"
#include "geodata/protection.hpp"

namespace borderflow::pipeline {

struct HotspotSettings {
  std::string value = "crossings";  // crossings | route_length | incidents
  std::string cells = "auto";       // auto | land | all
  double cell_size_km = 0.0;        // 0 = automatic
  double band_km = 0.0;             // 0 = automatic
  std::size_t knn = 0;              // > 0: k nearest instead of a band
  std::size_t permutations = 0;
  std::uint64_t seed = 12345;
  bool fdr = true;
  double segment_km = 10.0;
  double segment_band_km = 0.0;  // 0 = two segments
  bool segment_coast = false;
  double eps_m = 5000.0;
  double min_weight = 5.0;
  bool density = true;
  std::string kernel = "quartic";
  double bandwidth_m = 0.0;  // 0 = rule
  double pixel_m = 0.0;      // 0 = automatic
  std::string by;
  bool by_allow_free_text = false;  // accept a `by` field whose values look like free text
  // Emerging hot spots (README, Trends). time: a field, "auto" (year when the
  // records have it) or "none".
  std::string time = hotspots::kAutoTime;
  std::string time_step = "year";  // year | quarter | month
  std::size_t time_window = 1;     // earlier steps that count as neighbours
  double trend_alpha = 0.05;
  std::string aoi;
  std::string incidents;
  std::string incident_weight;
};

// Throws UsageError for a value out of its set.
hotspots::HotspotOptions to_options(const HotspotSettings& s, int threads);

// Sea legs over water (engine/sea): README, Sea routing.
struct SeaSettings {
  std::string routing = "on";     // on | off: off keeps sea legs straight (and warns where they cross land)
  double min_channel_m = 2000.0;  // water narrower than this is closed (see engine/sea/navigation.hpp)
  double port_reach_km = 30.0;    // an end on land links to water this far at most
};

// The frontier cache (pipeline/frontier_cache.hpp).
struct CacheSettings {
  bool enabled = true;  // --cache / --no-cache
  std::string dir;      // empty: $XDG_CACHE_HOME/borderflow, else ~/.cache/borderflow
  double max_mb = 2048.0;  // the oldest entries go when the cache holds more
};

// Every setting of `analyze` (and the subset the other commands use).
struct AnalysisSettings {
  geodata::LoadOptions inputs;
  crossings::CrossingAnalysisOptions crossing;
  corridors::CorridorOptions corridors;
  std::string checkpoint_elements = "both";
  HotspotSettings hotspots;
  SeaSettings sea;
  CacheSettings cache;
  std::string output;
  std::string driver = "GPKG";
  std::string density;  // empty: density.tif beside the output
  std::string summary;  // empty: summary.json beside the output
  int threads = 0;
  std::size_t top = 10;
  // Counts and weights of persons below this are suppressed in every output
  // (README, Data protection); 0 or 1: none.
  double min_count = geodata::kDefaultMinCount;
};

// `k` if it is a usable --min-count (finite, >= 0); else throws UsageError.
double checked_min_count(double k);

// Reads a TOML config file over `s`. Relative input and output paths in the
// file are taken relative to the file's folder. Throws InputError naming the
// file and line for a syntax error, an unknown key (with the closest known
// one) or a value of the wrong type.
void read_config(const std::string& path, AnalysisSettings& s);

// The same from TOML text (named `path` in messages); relative paths are
// taken relative to `base_dir` (none: as given).
void apply_config(const std::string& text, const std::string& path, const std::string& base_dir, AnalysisSettings& s);

// Every setting as JSON, in the layout of the config file (for summary.json).
nlohmann::json settings_json(const AnalysisSettings& s);

}  // namespace borderflow::pipeline
