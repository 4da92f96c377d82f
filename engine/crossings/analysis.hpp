#pragma once
// The crossings analysis as one call: frontier in the working CRS, derived
// borders, crossings of every route, and a summary by country pair and kind.
// The CLI and the Python module both call analyze_crossings().
#include <optional>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/crossings/crossings.hpp"
#include "engine/frontier/border_input.hpp"
#include "engine/frontier/frontier.hpp"
#include "engine/geometry/projection.hpp"

namespace borderflow::crossings {

struct CrossingAnalysisOptions {
  CrossingOptions crossing;
  frontier::BorderOptions borders;
};

struct CrossingAnalysis {
  geometry::Projection projection;
  frontier::Frontier frontier;
  std::vector<frontier::BorderLineOut> borders;  // working CRS
  CrossingResult result;
};

// The frontier of an analysis before any route is looked at: the working
// CRS, the units (and land) projected and indexed, the derived borders. Built
// once; sea routing (engine/sea) navigates around its land, then the
// crossings are found on it.
struct PreparedFrontier {
  geometry::Projection projection;
  frontier::Frontier frontier;
  std::vector<frontier::BorderLineOut> borders;  // working CRS
};

// `coast_land` (land polygons) and `coast_lines` (coastline) are in lon/lat;
// lines are polygonized into land. Borders given as lines (country_a,
// country_b; country_b empty for coast) are the `borders` layer as they are,
// and each unit's area is what the lines naming it enclose; InputError when
// they enclose nothing.
PreparedFrontier prepare_frontier(const frontier::BorderInput& borders, const std::string& working_crs,
                                  const std::optional<geometry::MultiPolygon>& coast_land,
                                  const std::optional<geometry::MultiLineString>& coast_lines,
                                  const CrossingAnalysisOptions& options);

// The crossings of `routes` on a prepared frontier (which it takes over).
CrossingAnalysis analyze_crossings(PreparedFrontier prepared, const std::vector<routes::Route>& routes,
                                   const std::vector<frontier::Port>& ports, const CrossingAnalysisOptions& options,
                                   Diagnostics& diagnostics);

// prepare_frontier, then the crossings.
CrossingAnalysis analyze_crossings(const frontier::BorderInput& borders, const std::vector<routes::Route>& routes,
                                   const std::vector<frontier::Port>& ports, const std::string& working_crs,
                                   const std::optional<geometry::MultiPolygon>& coast_land,
                                   const std::optional<geometry::MultiLineString>& coast_lines,
                                   const CrossingAnalysisOptions& options, Diagnostics& diagnostics);

struct PairSummary {
  std::string from;  // unit id, "" at sea
  std::string to;
  CrossingKind kind = CrossingKind::land;
  std::size_t crossings = 0;
  double weight = 0.0;
  std::size_t formal = 0;
  double formal_weight = 0.0;
};

// Rows ordered by weight (descending), then from, to, kind.
std::vector<PairSummary> summarize(const CrossingAnalysis& analysis);

}  // namespace borderflow::crossings
