#include "engine/crossings/analysis.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/geometry/validity.hpp"

namespace borderflow::crossings {

CrossingAnalysis analyze_crossings(const frontier::BorderInput& borders, const std::vector<routes::Route>& routes,
                                   const std::vector<frontier::Port>& ports, const std::string& working_crs,
                                   const std::optional<geometry::MultiPolygon>& coast_land,
                                   const std::optional<geometry::MultiLineString>& coast_lines,
                                   const CrossingAnalysisOptions& options, Diagnostics& diagnostics) {
  if (borders.units.empty())
    throw InputError({}, "the borders hold no polygons of countries or admin units",
                     "crossings need unit polygons to tell which side of a border a route is on; "
                     "give a polygon layer with --borders");
  geometry::Projection projection(working_crs);
  std::optional<geometry::MultiPolygon> land = coast_land;
  if (coast_lines && !coast_lines->empty()) {
    geometry::MultiPolygon closed = geometry::polygonize(*coast_lines);
    if (closed.empty() && !land)
      throw InputError({}, "the coastline lines enclose no land",
                       "give land polygons with --coast, or closed coastline rings");
    if (!land) land.emplace();
    for (auto& p : closed) land->push_back(std::move(p));
  }
  frontier::Frontier frontier(borders.units, projection, land, options.crossing.densify_deg);
  std::optional<geometry::MultiLineString> coast_xy;
  if (land) {
    coast_xy.emplace();
    auto add = [&](const geometry::Ring& ring) {
      geometry::LineString l = ring;
      projection.forward_in_place(l);
      coast_xy->push_back(std::move(l));
    };
    for (const auto& p : *land) {
      add(p.shell);
      for (const auto& h : p.holes) add(h);
    }
  }
  std::vector<frontier::BorderLineOut> lines = frontier::derive_borders(frontier, options.borders, coast_xy);
  CrossingResult result = find_crossings(frontier, routes, projection, ports, options.crossing, diagnostics);
  return CrossingAnalysis{std::move(projection), std::move(frontier), std::move(lines), std::move(result)};
}

std::vector<PairSummary> summarize(const CrossingAnalysis& a) {
  const auto& units = a.frontier.units();
  std::map<std::tuple<std::string, std::string, int>, PairSummary> rows;
  for (const Crossing& c : a.result.crossings) {
    const std::string from = c.from_unit ? units[*c.from_unit].id : "";
    const std::string to = c.to_unit ? units[*c.to_unit].id : "";
    PairSummary& row = rows[{from, to, static_cast<int>(c.kind)}];
    row.from = from;
    row.to = to;
    row.kind = c.kind;
    ++row.crossings;
    row.weight += c.weight;
    if (c.port) {
      ++row.formal;
      row.formal_weight += c.weight;
    }
  }
  std::vector<PairSummary> out;
  for (auto& [k, v] : rows) out.push_back(v);
  std::stable_sort(out.begin(), out.end(), [](const PairSummary& x, const PairSummary& y) { return x.weight > y.weight; });
  return out;
}

}  // namespace borderflow::crossings
