#pragma once
// The hot spot analysis as one call, on the result of the crossings analysis:
// hexagon cells with Gi*, border segments with Gi* along the border, DBSCAN
// clusters of the crossings, and the kernel density of the crossings (or of
// an incident layer). The CLI and the Python module both call
// analyze_hotspots().
#include <optional>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/crossings/analysis.hpp"
#include "engine/hotspots/border_segments.hpp"
#include "engine/hotspots/dbscan.hpp"
#include "engine/hotspots/emerging.hpp"
#include "engine/hotspots/hex_hotspots.hpp"
#include "engine/hotspots/kernel_density.hpp"

namespace borderflow::hotspots {

// What a hexagon cell counts.
enum class CellValue { crossings, route_length, incidents };
std::string_view to_string(CellValue v) noexcept;

// A point of another layer (lon/lat) counted by CellValue::incidents.
struct Incident {
  geometry::Coord lonlat;
  double weight = 1.0;
  std::string group;  // value of the breakdown field, when there is one
  std::string time;   // value of the time field, when there is one
};

// The free-text rule of HotspotOptions::by.
inline constexpr std::size_t kFreeTextValues = 50;
inline constexpr std::size_t kFreeTextLength = 40;

struct HotspotOptions {
  CellValue value = CellValue::crossings;
  // Cells on land only, or on land and sea. nullopt: land, unless a route
  // has a sea or river leg (then all).
  std::optional<CellDomain> domain;
  HexHotspotOptions cells;
  BorderSegmentOptions segments;
  DbscanOptions clusters;
  bool density = true;
  KernelDensityOptions kde;
  // Breakdown: a route field (year, crime, sex, age_group, exploitation,
  // source, or any extra field); empty = none.
  std::string by;
  // A `by` field whose values look like free text (more than kFreeTextValues
  // distinct values, or one longer than kFreeTextLength characters) is
  // refused: its values become column names of the outputs, and a name or a
  // note can identify a record. True accepts it.
  bool by_allow_free_text = false;
  // Emerging hot spots (README, Trends): the time field of the routes (or of
  // the incidents, with CellValue::incidents): "year", a date field, or ""
  // for none. kAutoTime: "year" when a route (or incident) has one, else none.
  std::string time;
  TimeStep time_step = TimeStep::year;
  EmergingOptions emerging;
  int threads = 0;
  // Small-count suppression of the density (--min-count): pixels whose
  // bandwidth holds a total weight above 0 and below this become NaN (no
  // data). <= 1: none.
  double min_count = 0.0;
};

// Crossings of one country pair and kind per time step, and their trend
// (Mann-Kendall of the weight per step).
struct PairTrend {
  std::string from, to;  // unit ids, "" for the sea
  std::string kind;      // land, coast_out, coast_in
  std::vector<double> weight;            // per step
  std::vector<std::size_t> crossings;    // per step
  MannKendall trend;
};

struct HotspotAnalysis {
  CellValue value = CellValue::crossings;
  CellDomain domain = CellDomain::land;
  std::vector<std::string> groups;  // breakdown values, sorted; one "" when no breakdown
  HexHotspots cells;
  BorderSegments segments;
  DbscanResult clusters;
  // The clusters and the density are of the crossings, or of the incidents
  // when they are the cell value; cluster_points maps each clustered point
  // to its crossing (or incident) index.
  bool clusters_of_crossings = true;
  std::vector<std::size_t> cluster_points;
  std::optional<DensityRaster> density;
  std::size_t density_suppressed = 0;  // pixels emptied by min_count
  std::size_t incidents = 0;  // points (crossings or incidents) or routes counted
  // Emerging hot spots, when a time field gave at least two steps: the step
  // labels (consecutive, from the first to the last step with a record),
  // the space-time analysis of the cells and of the border segments.
  std::string time_field;  // the field used; empty when none
  TimeStep time_step = TimeStep::year;
  std::vector<std::string> steps;
  std::optional<EmergingResult> emerging_cells;
  std::optional<EmergingResult> emerging_segments;
  std::vector<PairTrend> pair_trends;  // by (from, to, kind); with the steps
  std::size_t time_missing = 0;  // records (routes or incidents) without a time step
};

inline constexpr const char* kAutoTime = "auto";
// At most this many time steps (a month step over 80 years).
inline constexpr std::size_t kMaxTimeSteps = 1000;

// `aoi` (lon/lat polygons), when given, bounds the grid instead of the
// extent of the routes. `incidents` is needed for CellValue::incidents.
// Warnings (fewer than 30 incidents, a wide automatic band, no density
// possible) go to diagnostics. Out-of-range options and more than 100 groups
// of the breakdown throw UsageError.
HotspotAnalysis analyze_hotspots(const crossings::CrossingAnalysis& crossings,
                                 const std::vector<routes::Route>& routes,
                                 const std::optional<geometry::MultiPolygon>& aoi,
                                 const std::vector<Incident>& incidents, const HotspotOptions& options,
                                 Diagnostics& diagnostics);

// The value of the breakdown field of a route ("" when it has none).
std::string group_value(const routes::RouteAttributes& a, const std::string& field);

}  // namespace borderflow::hotspots
