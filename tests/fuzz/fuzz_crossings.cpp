// libFuzzer target: the crossing engine (frontier, border derivation,
// crossings) on arbitrary geometry.
//
// The bytes become 1-3 units (polygons with holes, rings open or closed,
// self-intersecting or degenerate; or border lines naming the units on each
// side, open or closed), optional coastline rings, 1-3 routes of 1-3 legs in any mode, and up
// to two ports, all on a 1/32-degree grid around Bangladesh so that vertices
// coincide, edges overlap and touch: the cases where geometry code breaks.
// Polygons go through the same GEOS repair as the readers apply; then the
// whole crossing analysis runs, single-threaded (and, for inputs whose first
// byte has bit 3 set, again on two threads: the results must be identical).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/crossings/analysis.hpp"
#include "engine/geometry/validity.hpp"
#include "fuzz_support.hpp"

using namespace borderflow;
using geometry::Coord;

namespace {

Coord vertex(fuzz::Bytes& in) { return {89.0 + in.i8() / 32.0, 22.0 + in.i8() / 32.0}; }

geometry::Ring ring(fuzz::Bytes& in, bool close) {
  geometry::Ring r;
  const int n = in.between(3, 10);
  for (int i = 0; i < n; ++i) r.push_back(vertex(in));
  if (close) r.push_back(r.front());
  return r;
}

geometry::LineString polyline(fuzz::Bytes& in) {
  geometry::LineString l;
  const int n = in.between(2, 10);
  for (int i = 0; i < n; ++i) l.push_back(vertex(in));
  if (in.u8() & 1) l.push_back(l.front());
  return l;
}

struct Input {
  frontier::BorderInput borders;
  std::optional<geometry::MultiLineString> coast;
  std::vector<routes::Route> routes;
  std::vector<frontier::Port> ports;
};

Input decode(fuzz::Bytes& in) {
  Input out;
  const std::uint8_t flags = in.u8();
  const bool as_lines = flags & 1, open_rings = flags & 2, with_coast = flags & 4;
  const char* ids[] = {"AAA", "BBB", "CCC"};
  if (as_lines) {
    // Border lines: each names the unit on one side and, optionally, the other.
    const int n_lines = in.between(1, 4);
    for (int k = 0; k < n_lines; ++k) {
      frontier::BorderLine line;
      const int a = in.between(0, 2), b = in.between(0, 3);
      line.unit_a = ids[a];
      line.unit_b = b < 3 && b != a ? ids[b] : "";
      line.path.push_back(polyline(in));
      line.origin = InputLocation("fuzz-borders");
      out.borders.lines.push_back(std::move(line));
    }
  }
  const int n_units = as_lines ? 0 : in.between(1, 3);
  for (int u = 0; u < n_units; ++u) {
    frontier::BorderUnit unit;
    unit.id = ids[u];
    unit.name = unit.id;
    unit.origin = InputLocation("fuzz-borders");
    const int polys = in.between(1, 2);
    for (int k = 0; k < polys; ++k) {
      geometry::Polygon p;
      p.shell = ring(in, !open_rings || k == 0);
      if (in.u8() & 1) p.holes.push_back(ring(in, true));
      unit.area.push_back(std::move(p));
    }
    out.borders.units.push_back(std::move(unit));
  }
  if (with_coast) {
    out.coast.emplace();
    const int n = in.between(1, 2);
    for (int k = 0; k < n; ++k) out.coast->push_back(ring(in, true));
  }
  const int n_routes = in.between(1, 3);
  for (int r = 0; r < n_routes; ++r) {
    routes::Route route;
    route.attributes.route_id = "R" + std::to_string(r);
    route.attributes.weight = in.between(1, 20);
    const int legs = in.between(1, 3);
    for (int l = 0; l < legs; ++l) {
      routes::Leg leg;
      leg.mode = static_cast<routes::Mode>(in.u8() % 5);
      const int n = in.between(2, 8);
      for (int i = 0; i < n; ++i) leg.path.push_back(vertex(in));
      route.legs.push_back(std::move(leg));
    }
    out.routes.push_back(std::move(route));
  }
  const int n_ports = in.between(0, 2);
  for (int p = 0; p < n_ports; ++p) {
    frontier::Port port;
    port.name = "P" + std::to_string(p);
    port.lonlat = vertex(in);
    out.ports.push_back(std::move(port));
  }
  return out;
}

void check(const crossings::CrossingAnalysis& a, const Input& in, const crossings::CrossingOptions& options) {
  const auto& units = a.frontier.units();
  const auto& cs = a.result.crossings;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    const crossings::Crossing& c = cs[i];
    FUZZ_CHECK(c.route < in.routes.size(), "route index past the end");
    FUZZ_CHECK(c.leg < in.routes[c.route].legs.size(), "leg index past the end");
    if (i > 0) {
      const crossings::Crossing& p = cs[i - 1];
      FUZZ_CHECK(p.route < c.route || (p.route == c.route && (p.leg < c.leg || (p.leg == c.leg && p.along_leg_m <= c.along_leg_m))),
                 "crossings not ordered by route, leg and distance along the leg");
    }
    FUZZ_CHECK(std::isfinite(c.xy.x) && std::isfinite(c.xy.y) && std::isfinite(c.lonlat.x) && std::isfinite(c.lonlat.y),
               "a crossing at a non-finite point");
    FUZZ_CHECK(std::isfinite(c.along_leg_m) && c.along_leg_m >= 0, "distance along the leg");
    FUZZ_CHECK(!c.from_unit || *c.from_unit < units.size(), "from_unit past the end");
    FUZZ_CHECK(!c.to_unit || *c.to_unit < units.size(), "to_unit past the end");
    switch (c.kind) {
      case crossings::CrossingKind::land:
        FUZZ_CHECK(c.from_unit && c.to_unit && *c.from_unit != *c.to_unit, "a land crossing needs two units");
        break;
      case crossings::CrossingKind::coast_out:
        FUZZ_CHECK(c.from_unit && !c.to_unit, "coast_out goes from a unit to the sea");
        break;
      case crossings::CrossingKind::coast_in:
        FUZZ_CHECK(!c.from_unit && c.to_unit, "coast_in goes from the sea to a unit");
        break;
    }
    FUZZ_CHECK(c.weight == in.routes[c.route].attributes.weight, "a crossing's weight is not its route's");
    if (c.port) {
      FUZZ_CHECK(*c.port < in.ports.size(), "port index past the end");
      FUZZ_CHECK(std::isfinite(c.port_dist_m) && c.port_dist_m <= options.port_radius_m * 1.01 + 1.0,
                 "a formal crossing farther than the port radius");
    }
    // Every crossing is where a route meets a unit's boundary, or bridges a
    // gap narrower than coast_gap_m next to one.
    FUZZ_CHECK(a.frontier.nearest_unit(c.xy, options.coast_gap_m + 1.0).has_value(),
               "a crossing far from every unit boundary");
  }
  std::size_t summed = 0;
  for (const auto& row : crossings::summarize(a)) summed += row.crossings;
  FUZZ_CHECK(summed == cs.size(), "the pair summary does not add up to the crossings");
  for (const auto& b : a.borders) {
    FUZZ_CHECK(b.unit_b.empty() || b.unit_a != b.unit_b, "a border between a unit and itself");
    for (const auto& l : b.path)
      for (const auto& p : l) FUZZ_CHECK(std::isfinite(p.x) && std::isfinite(p.y), "a border vertex not finite");
  }
}

bool same(const crossings::CrossingResult& x, const crossings::CrossingResult& y) {
  if (x.crossings.size() != y.crossings.size() || x.legs != y.legs) return false;
  for (std::size_t i = 0; i < x.crossings.size(); ++i) {
    const auto &a = x.crossings[i], &b = y.crossings[i];
    if (a.route != b.route || a.leg != b.leg || a.along_leg_m != b.along_leg_m || a.xy.x != b.xy.x ||
        a.xy.y != b.xy.y || a.kind != b.kind || a.from_unit != b.from_unit || a.to_unit != b.to_unit ||
        a.port != b.port)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes bytes(data, size);
  // Flag 8 of the first byte: run again on two threads and compare (costs a
  // second analysis, so only for the inputs that ask).
  const bool twice = size > 0 && (data[0] & 8);
  Input in = decode(bytes);
  // The readers repair every polygon with GEOS before the engine sees it.
  for (auto& unit : in.borders.units) {
    bool ok = fuzz::clean([&] { unit.area = geometry::repair_polygonal(unit.area).area; });
    if (!ok) return 0;
  }
  crossings::CrossingAnalysisOptions options;
  options.crossing.threads = 1;
  options.borders.threads = 1;
  const std::string crs = "+proj=laea +lat_0=22 +lon_0=89 +ellps=WGS84 +units=m +no_defs";
  Diagnostics diagnostics;
  std::optional<crossings::CrossingAnalysis> one;
  if (!fuzz::clean([&] {
        one.emplace(crossings::analyze_crossings(in.borders, in.routes, in.ports, crs, std::nullopt, in.coast, options,
                                                 diagnostics));
      }))
    return 0;
  check(*one, in, options.crossing);
  if (fuzz::verbose())
    std::fprintf(stderr, "  %zu crossings, %zu border lines\n", one->result.crossings.size(), one->borders.size());
  if (!twice) return 0;
  options.crossing.threads = 2;
  options.borders.threads = 2;
  Diagnostics diagnostics2;
  std::optional<crossings::CrossingAnalysis> two;
  FUZZ_CHECK(fuzz::clean([&] {
               two.emplace(crossings::analyze_crossings(in.borders, in.routes, in.ports, crs, std::nullopt, in.coast,
                                                        options, diagnostics2));
             }),
             "two threads rejected what one thread accepted");
  FUZZ_CHECK(same(one->result, two->result), "one and two threads give different crossings");
  return 0;
}
