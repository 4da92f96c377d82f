#include "engine/crossings/analysis.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/geometry/validity.hpp"

namespace borderflow::crossings {

PreparedFrontier prepare_frontier(const frontier::BorderInput& borders, const std::string& working_crs,
                                  const std::optional<geometry::MultiPolygon>& coast_land,
                                  const std::optional<geometry::MultiLineString>& coast_lines,
                                  const CrossingAnalysisOptions& options) {
  // Explicit border lines: each unit's area is what the lines naming it
  // enclose (GEOS polygonize), so that the crossing engine can tell sides.
  std::vector<frontier::BorderUnit> from_lines;
  const std::vector<frontier::BorderUnit>* units = &borders.units;
  if (borders.units.empty() && !borders.lines.empty()) {
    std::map<std::string, geometry::MultiLineString> lines_of;
    std::map<std::string, InputLocation> first_seen;
    for (const auto& line : borders.lines)
      for (const std::string* id : {&line.unit_a, &line.unit_b}) {
        if (id->empty()) continue;
        auto& lines = lines_of[*id];
        lines.insert(lines.end(), line.path.begin(), line.path.end());
        first_seen.emplace(*id, line.origin);
      }
    for (auto& [id, lines] : lines_of) {
      frontier::BorderUnit unit;
      unit.id = id;
      unit.name = id;
      unit.origin = first_seen[id];
      unit.area = geometry::polygonize(lines);
      if (unit.area.empty())
        throw InputError(unit.origin, "the border lines of '" + id + "' do not enclose an area",
                         "crossings need to know which side of a border a route is on: give the lines that close "
                         "around each unit (its land borders and its coastline), or a polygon layer");
      from_lines.push_back(std::move(unit));
    }
    units = &from_lines;
  }
  if (units->empty())
    throw InputError({}, "the borders hold no polygons of countries or admin units",
                     "give a polygon layer as `borders`, or border lines with country_a and country_b");
  geometry::Projection projection(working_crs);
  std::optional<geometry::MultiPolygon> land = coast_land;
  if (coast_lines && !coast_lines->empty()) {
    geometry::MultiPolygon closed = geometry::polygonize(*coast_lines);
    if (closed.empty() && !land)
      throw InputError({}, "the coastline lines enclose no land",
                       "give land polygons as `coast`, or closed coastline rings");
    if (!land) land.emplace();
    for (auto& p : closed) land->push_back(std::move(p));
  }
  frontier::Frontier frontier(*units, projection, land, options.crossing.densify_deg);
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
  std::vector<frontier::BorderLineOut> lines;
  if (!borders.lines.empty()) {
    // The explicit lines are the borders, as given (land first, then coast).
    for (const auto& line : borders.lines) {
      geometry::MultiLineString xy = line.path;
      for (auto& l : xy) projection.forward_in_place(l);
      lines.push_back({line.unit_a, line.unit_b, std::move(xy)});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const auto& x, const auto& y) {
      return !x.unit_b.empty() && y.unit_b.empty();
    });
  } else {
    frontier::BorderOptions border_options = options.borders;
    if (border_options.threads == 0) border_options.threads = options.crossing.threads;
    lines = frontier::derive_borders(frontier, border_options, coast_xy);
  }
  return PreparedFrontier{std::move(projection), std::move(frontier), std::move(lines)};
}

CrossingAnalysis analyze_crossings(PreparedFrontier p, const std::vector<routes::Route>& routes,
                                   const std::vector<frontier::Port>& ports, const CrossingAnalysisOptions& options,
                                   Diagnostics& diagnostics) {
  CrossingResult result = find_crossings(p.frontier, routes, p.projection, ports, options.crossing, diagnostics);
  return CrossingAnalysis{std::move(p.projection), std::move(p.frontier), std::move(p.borders), std::move(result)};
}

CrossingAnalysis analyze_crossings(const frontier::BorderInput& borders, const std::vector<routes::Route>& routes,
                                   const std::vector<frontier::Port>& ports, const std::string& working_crs,
                                   const std::optional<geometry::MultiPolygon>& coast_land,
                                   const std::optional<geometry::MultiLineString>& coast_lines,
                                   const CrossingAnalysisOptions& options, Diagnostics& diagnostics) {
  return analyze_crossings(prepare_frontier(borders, working_crs, coast_land, coast_lines, options), routes, ports,
                           options, diagnostics);
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
