#include "geodata/load.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "engine/core/error.hpp"
#include "engine/geometry/types.hpp"
#include "geodata/source.hpp"

namespace borderflow::geodata {

namespace {

bool overlap(const geometry::Extent& a, const geometry::Extent& b) {
  return !(a.max_x < b.min_x || b.max_x < a.min_x || a.max_y < b.min_y || b.max_y < a.min_y);
}

std::string describe(const geometry::Extent& e) {
  return fmt::format("longitude {:.4g}..{:.4g}, latitude {:.4g}..{:.4g}", e.min_x, e.max_x, e.min_y, e.max_y);
}

// Routes nowhere near the borders cannot cross them. When they would lie
// among the borders with x and y exchanged, the file has latitude first (a
// common slip in spreadsheets): that is an error, with the fix; otherwise a
// warning that no crossing can be found.
void check_routes_meet_borders(LoadedInputs& in, const std::string& routes_spec) {
  geometry::Extent borders;
  for (const auto& u : in.borders.input.units) borders.expand(geometry::extent_of(u.area));
  for (const auto& l : in.borders.input.lines)
    for (const auto& part : l.path) borders.expand(geometry::extent_of(part));
  if (borders.empty() || in.routes_extent.empty()) return;
  geometry::Extent near = borders;
  const double margin = 0.5;  // degrees: a route may start or end a little outside the units given
  near.min_x -= margin, near.min_y -= margin, near.max_x += margin, near.max_y += margin;
  if (overlap(in.routes_extent, near)) return;
  const geometry::Extent& r = in.routes_extent;
  geometry::Extent swapped;
  swapped.min_x = r.min_y, swapped.max_x = r.max_y, swapped.min_y = r.min_x, swapped.max_y = r.max_x;
  if (overlap(swapped, near))
    throw CrsError({parse_source(routes_spec).path},
                   "the routes lie at " + describe(r) + ", far from every border unit (" + describe(borders) +
                       "), and would lie among them with longitude and latitude swapped: the coordinates look "
                       "swapped (latitude first)",
                   "write coordinates longitude first (x = longitude, y = latitude), as WKT and GeoJSON require, or "
                   "swap the lon/lat columns");
  in.diagnostics.warn({parse_source(routes_spec).path},
                      "the routes lie at " + describe(r) + ", outside every border unit (" + describe(borders) +
                          "): they cannot cross any border; check that the files belong together");
}

}  // namespace

LoadedInputs load_inputs(const LoadOptions& options, const BorderReader& read) {
  if (options.borders.empty()) throw UsageError("no borders given: add `borders` FILE[:LAYER]");
  if (options.routes.empty()) throw UsageError("no routes given: add `routes` FILE[:LAYER]");
  LoadedInputs in;
  BorderReadOptions border_options;
  border_options.assume_crs = options.assume_crs;
  border_options.id_field = options.border_id;
  border_options.threads = options.threads;
  in.borders = read ? read(options.borders, border_options, in.diagnostics)
                    : read_borders(options.borders, border_options, in.diagnostics);
  if (!options.coast.empty()) {
    ReadOptions coast_options;
    coast_options.assume_crs = options.assume_crs;
    in.coast = read_coast(options.coast, coast_options, in.diagnostics);
  }
  ReadOptions plain;
  plain.assume_crs = options.assume_crs;
  if (!options.places.empty()) in.places = read_places(options.places, plain);
  ReadOptions route_options = plain;
  route_options.where = options.where;
  in.routes = read_routes(options.routes, route_options, options.places.empty() ? nullptr : &in.places, in.diagnostics);
  if (!options.ports.empty()) in.ports = read_ports(options.ports, plain);
  if (options.confidence_weight) {
    std::size_t without = 0, zero = 0;
    std::vector<routes::Route> kept;
    kept.reserve(in.routes.routes.size());
    for (auto& r : in.routes.routes) {
      if (!r.attributes.confidence) {
        ++without;
      } else if (*r.attributes.confidence <= 0.0) {
        ++zero;
        continue;
      } else {
        r.attributes.weight *= *r.attributes.confidence;
      }
      kept.push_back(std::move(r));
    }
    in.routes.routes = std::move(kept);
    if (without > 0)
      in.diagnostics.warn({parse_source(options.routes).path}, std::to_string(without) +
                                                " routes have no confidence: --confidence-weight keeps their full weight");
    if (zero > 0)
      in.diagnostics.warn({parse_source(options.routes).path}, std::to_string(zero) +
                                                " routes have confidence 0: --confidence-weight leaves them out");
    if (in.routes.routes.empty())
      throw InputError({parse_source(options.routes).path}, "every route has confidence 0: nothing is left to analyse with --confidence-weight",
                       "check the confidence field, or run without --confidence-weight");
  }
  for (const auto& r : in.routes.routes)
    for (const auto& leg : r.legs)
      for (const auto& c : leg.path) in.routes_extent.expand(c);
  check_routes_meet_borders(in, options.routes);
  in.working_crs = choose_working_crs(in.routes_extent, options.crs);
  return in;
}

nlohmann::json load_report(const LoadOptions& options, const LoadedInputs& in) {
  nlohmann::json j;
  auto& b = j["borders"];
  b["source"] = options.borders;
  b["crs"] = in.borders.source_crs;
  b["id_field"] = in.borders.id_field;
  b["units"] = in.borders.input.units.size();
  b["lines"] = in.borders.input.lines.size();
  b["features"] = in.borders.validity.features;
  b["repaired"] = in.borders.validity.repaired;
  b["repair_notes"] = in.borders.validity.notes;
  auto& r = j["routes"];
  r["source"] = options.routes;
  r["form"] = in.routes.form;
  r["routes"] = in.routes.routes.size();
  r["legs"] = in.routes.legs;
  r["where"] = options.where;
  std::map<std::string, double> by_crime;
  std::map<std::string, std::size_t> legs_by_mode;
  double weight = 0;
  for (const auto& route : in.routes.routes) {
    by_crime[std::string(routes::to_string(route.attributes.crime))] += route.attributes.weight;
    weight += route.attributes.weight;
    for (const auto& leg : route.legs) ++legs_by_mode[std::string(routes::to_string(leg.mode))];
  }
  r["weight"] = weight;
  r["weight_by_crime"] = by_crime;
  r["legs_by_mode"] = legs_by_mode;
  if (!in.routes_extent.empty())
    r["extent"] = {in.routes_extent.min_x, in.routes_extent.min_y, in.routes_extent.max_x, in.routes_extent.max_y};
  j["places"] = {{"source", options.places}, {"count", in.places.size()}};
  j["ports"] = {{"source", options.ports}, {"count", in.ports.size()}};
  j["working_crs"] = {{"definition", in.working_crs.definition}, {"reason", in.working_crs.reason}};
  if (!in.cache.empty()) j["cache"] = in.cache;
  j["warnings"] = nlohmann::json::array();
  for (const auto& w : in.diagnostics.warnings()) j["warnings"].push_back(w.text());
  return j;
}

std::string load_report_text(const LoadedInputs& in) {
  double weight = 0;
  for (const auto& route : in.routes.routes) weight += route.attributes.weight;
  std::string s;
  s += fmt::format("borders: {} units, {} lines (id field '{}', {}), {} repaired\n", in.borders.input.units.size(),
                   in.borders.input.lines.size(), in.borders.id_field, in.borders.source_crs, in.borders.validity.repaired);
  if (in.coast) s += fmt::format("coast: {} features\n", in.coast->validity.features);
  if (!in.places.empty()) s += fmt::format("places: {}\n", in.places.size());
  s += fmt::format("routes: {} ({} legs, total weight {}), read as {}\n", in.routes.routes.size(), in.routes.legs,
                   weight, in.routes.form);
  if (!in.ports.empty()) s += fmt::format("ports: {}\n", in.ports.size());
  s += fmt::format("working CRS: {} — {}\n", in.working_crs.definition, in.working_crs.reason);
  for (const auto& w : in.diagnostics.warnings()) s += "warning: " + w.text() + "\n";
  return s;
}

}  // namespace borderflow::geodata
