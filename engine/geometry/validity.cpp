#include "engine/geometry/validity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/planar.hpp"
#include "engine/geometry/segment_index.hpp"

namespace borderflow::geometry {
namespace {

std::string describe_vertex(std::size_t index, const Coord& c) {
  std::ostringstream os;
  os.precision(10);
  os << "vertex " << index + 1 << " is (" << c.x << ", " << c.y << ")";
  return os.str();
}

template <typename Pred>
std::optional<std::string> find_in(const std::vector<Coord>& pts, Pred bad) {
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (bad(pts[i])) return describe_vertex(i, pts[i]);
  return std::nullopt;
}

template <typename Pred>
std::optional<std::string> find_in(const MultiPolygon& area, Pred bad) {
  for (const Polygon& p : area) {
    if (auto r = find_in(p.shell, bad)) return r;
    for (const Ring& h : p.holes)
      if (auto r = find_in(h, bad)) return r;
  }
  return std::nullopt;
}

bool non_finite(const Coord& c) { return !std::isfinite(c.x) || !std::isfinite(c.y); }
bool out_of_range(const Coord& c) { return c.x < -180.0 || c.x > 180.0 || c.y < -90.0 || c.y > 90.0; }

}  // namespace

std::optional<std::string> find_non_finite(const LineString& line) { return find_in(line, non_finite); }
std::optional<std::string> find_non_finite(const MultiPolygon& area) { return find_in(area, non_finite); }
std::optional<std::string> find_out_of_lonlat_range(const LineString& line) { return find_in(line, out_of_range); }
std::optional<std::string> find_out_of_lonlat_range(const MultiPolygon& area) { return find_in(area, out_of_range); }

std::string validity_reason(const MultiPolygon& area) {
  GEOSContextHandle_t ctx = detail::geos_context();
  detail::GeomPtr g = detail::to_geos(area);
  char* reason = GEOSisValidReason_r(ctx, g.get());
  if (!reason) detail::throw_geos_error("GEOSisValidReason");
  std::string out(reason);
  GEOSFree_r(ctx, reason);
  return out;
}

namespace {

// GEOSMakeValid with the "structure" method, which keeps the area enclosed by
// the shells and removes the holes' area (what a digitised country or admin
// unit means); the default "linework" method can drop the inside of a bow-tie.
detail::GeomPtr make_valid_structure(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx);
  GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
  GEOSGeometry* fixed = GEOSMakeValidWithParams_r(ctx, g, params);
  GEOSMakeValidParams_destroy_r(ctx, params);
  return detail::checked(fixed, "GEOSMakeValid");
}

double ring_area(const Ring& r) {
  double twice = 0.0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) twice += planar::cross(r[i], r[i + 1]);
  if (!r.empty() && !(r.front() == r.back())) twice += planar::cross(r.back(), r.front());
  return std::abs(twice) / 2.0;
}

// The valid polygons a single ring encloses (its "structure" area). A ring
// that is valid alone is returned as it is. Large rings are first tried with
// buffer(0), which is fast and exact for the usual faults of big digitised
// rings (touching itself, a spike, a tiny loop); it is kept only when it
// preserves the ring's shoelace area to 1e-4, which a bow-tie does not.
// Everything else goes through MakeValid (structure), whose ring building is
// quadratic in GEOS 3.11.
detail::GeomPtr repair_ring(GEOSContextHandle_t ctx, const Ring& ring) {
  detail::GeomPtr alone = detail::to_geos(MultiPolygon{Polygon{ring, {}}});
  const char ok = GEOSisValid_r(ctx, alone.get());
  if (ok == 2) detail::throw_geos_error("GEOSisValid");
  if (ok == 1) return alone;
  if (ring.size() > 1000) {
    const double expected = ring_area(ring);
    detail::GeomPtr buffered(GEOSBuffer_r(ctx, alone.get(), 0.0, 8));
    double got = 0.0;
    if (buffered && GEOSisValid_r(ctx, buffered.get()) == 1 && GEOSArea_r(ctx, buffered.get(), &got) &&
        expected > 0 && std::abs(got - expected) <= 1e-4 * expected)
      return buffered;
  }
  return make_valid_structure(ctx, alone.get());
}

// For each hole of p: true when it is valid alone and none of its segments
// meets (crosses or touches) a segment of another ring: the given shell, the
// repaired shell `shell_parts`, or another hole. Found on a segment index
// (engine/geometry/segment_index.hpp), O(n log n) for n vertices.
std::vector<bool> holes_alone(const Polygon& p, const MultiPolygon& shell_parts) {
  std::vector<Segment> segments;
  auto add = [&](const Ring& r, std::uint32_t owner) {
    for (std::size_t i = 1; i < r.size(); ++i) segments.push_back({r[i - 1], r[i], owner});
  };
  const auto shell_owner = static_cast<std::uint32_t>(p.holes.size());
  add(p.shell, shell_owner);
  for (const Polygon& q : shell_parts) {
    add(q.shell, shell_owner);
    for (const Ring& h : q.holes) add(h, shell_owner);
  }
  for (std::size_t i = 0; i < p.holes.size(); ++i) add(p.holes[i], static_cast<std::uint32_t>(i));
  const SegmentIndex index(segments);
  std::vector<bool> alone(p.holes.size(), true);
  GEOSContextHandle_t ctx = detail::geos_context();
  constexpr double eps = 1e-9;  // input units (degrees: 0.1 mm); nearer rings count as meeting
  for (const Segment& s : index.segments()) {
    if (s.owner == shell_owner || !alone[s.owner]) continue;
    index.query(std::min(s.a.x, s.b.x) - eps, std::min(s.a.y, s.b.y) - eps, std::max(s.a.x, s.b.x) + eps,
                std::max(s.a.y, s.b.y) + eps, [&](const Segment& o) {
                  if (o.owner == s.owner || !planar::segments_near(s.a, s.b, o.a, o.b, eps)) return;
                  alone[s.owner] = false;
                  if (o.owner != shell_owner) alone[o.owner] = false;
                });
  }
  // Nesting, by the crossing number of a ring's first vertex: the given
  // holes holding `c` (an odd count of their segments on the ray to +x),
  // leaving out hole `self`.
  double max_x = -std::numeric_limits<double>::infinity();
  for (const Segment& s : index.segments()) max_x = std::max({max_x, s.a.x, s.b.x});
  std::vector<char> parity(p.holes.size(), 0);
  std::vector<std::uint32_t> crossed, holding;
  auto holes_holding = [&](Coord c, std::uint32_t self) -> const std::vector<std::uint32_t>& {
    crossed.clear();
    holding.clear();
    index.query(c.x, c.y, max_x, c.y, [&](const Segment& s) {
      if (s.owner == shell_owner || s.owner == self || (s.a.y > c.y) == (s.b.y > c.y)) return;
      const double x = s.a.x + (c.y - s.a.y) * (s.b.x - s.a.x) / (s.b.y - s.a.y);
      if (x > c.x) {
        parity[s.owner] ^= 1;
        crossed.push_back(s.owner);
      }
    });
    for (std::uint32_t o : crossed) {
      if (parity[o]) holding.push_back(o);
      parity[o] = 0;
    }
    return holding;
  };
  // A hole inside another hole (nested, touching nothing) goes to the overlay with it.
  for (std::size_t i = 0; i < p.holes.size(); ++i) {
    if (p.holes[i].empty()) continue;
    for (std::uint32_t o : holes_holding(p.holes[i].front(), static_cast<std::uint32_t>(i))) {
      alone[i] = false;
      alone[o] = false;
    }
  }
  // A hole of the repaired shell inside a given hole: that hole goes too.
  for (const Polygon& q : shell_parts)
    for (const Ring& h : q.holes)
      if (!h.empty())
        for (std::uint32_t o : holes_holding(h.front(), shell_owner)) alone[o] = false;
  for (std::size_t i = 0; i < p.holes.size(); ++i) {
    if (!alone[i]) continue;
    detail::GeomPtr ring = detail::to_geos(MultiPolygon{Polygon{p.holes[i], {}}});
    if (GEOSisValid_r(ctx, ring.get()) != 1) alone[i] = false;
  }
  return alone;
}

// One invalid polygon: the shell repaired alone, then its area less the
// holes' (each hole that touches something repaired alone and merged with the
// others; the holes that touch nothing put back as they are, see below).
detail::GeomPtr repair_part(GEOSContextHandle_t ctx, const Polygon& p) {
  detail::GeomPtr shell = repair_ring(ctx, p.shell);
  MultiPolygon shell_parts = detail::polygons_from_geos(shell.get());
  if (p.holes.empty()) return shell;
  // Holes that touch no other ring (of the given shell, its repair, or
  // another hole), hold none and are valid alone are kept out of the overlay
  // (GEOS 3.11 places holes in quadratic time) and put back afterwards into
  // the piece that contains them; the others are repaired, merged and taken
  // away. When every hole is such a hole and the shell repaired into one
  // polygon, the result is that polygon with the holes it contains, in their
  // order (what GEOS would have checked valid, without its quadratic check).
  const std::vector<bool> alone = holes_alone(p, shell_parts);
  std::vector<detail::GeomPtr> holes;
  std::vector<GEOSGeometry*> raw;
  std::vector<const Ring*> kept_out;
  for (std::size_t i = 0; i < p.holes.size(); ++i) {
    if (alone[i]) {
      kept_out.push_back(&p.holes[i]);
      continue;
    }
    holes.push_back(repair_ring(ctx, p.holes[i]));
    raw.push_back(holes.back().get());
  }
  if (raw.empty() && shell_parts.size() == 1) {
    const GEOSPreparedGeometry* inside = GEOSPrepare_r(ctx, shell.get());
    if (!inside) detail::throw_geos_error("GEOSPrepare");
    Polygon rebuilt{shell_parts[0].shell, {}};
    for (const Ring& h : p.holes) {
      GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, h.front().x, h.front().y);
      const char in = GEOSPreparedContains_r(ctx, inside, pt);
      GEOSGeom_destroy_r(ctx, pt);
      if (in == 2) {
        GEOSPreparedGeom_destroy_r(ctx, inside);
        detail::throw_geos_error("GEOSPreparedContains");
      }
      if (in == 1) rebuilt.holes.push_back(h);  // one outside the shell takes nothing away
    }
    GEOSPreparedGeom_destroy_r(ctx, inside);
    for (const Ring& h : shell_parts[0].holes) rebuilt.holes.push_back(h);
    return detail::to_geos(MultiPolygon{rebuilt});
  }
  detail::GeomPtr cut;
  if (raw.empty()) {
    cut = detail::checked(GEOSGeom_clone_r(ctx, shell.get()), "GEOSGeom_clone");
  } else {
    detail::GeomPtr collection = detail::checked(
        GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
        "GEOSGeom_createCollection");
    for (auto& h : holes) h.release();  // now owned by the collection
    detail::GeomPtr hole_area = detail::checked(GEOSUnaryUnion_r(ctx, collection.get()), "GEOSUnaryUnion");
    cut = detail::checked(GEOSDifference_r(ctx, shell.get(), hole_area.get()), "GEOSDifference");
  }
  if (kept_out.empty()) return cut;
  MultiPolygon pieces = detail::polygons_from_geos(cut.get());
  // Each kept hole goes into the piece whose area holds its first vertex
  // (it touches no ring, so it lies wholly inside one piece or outside all,
  // e.g. inside a hole taken away, where it changes nothing).
  std::vector<const GEOSPreparedGeometry*> prepared;
  std::vector<detail::GeomPtr> piece_geoms;
  for (const Polygon& q : pieces) {
    piece_geoms.push_back(detail::to_geos(MultiPolygon{q}));
    prepared.push_back(GEOSPrepare_r(ctx, piece_geoms.back().get()));
    if (!prepared.back()) detail::throw_geos_error("GEOSPrepare");
  }
  for (const Ring* h : kept_out) {
    const Coord c = h->front();
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, c.x, c.y);
      const char in = GEOSPreparedContains_r(ctx, prepared[k], pt);
      GEOSGeom_destroy_r(ctx, pt);
      if (in == 2) detail::throw_geos_error("GEOSPreparedContains");
      if (in == 1) {
        pieces[k].holes.push_back(*h);
        break;
      }
    }
  }
  for (auto* pg : prepared) GEOSPreparedGeom_destroy_r(ctx, pg);
  return detail::to_geos(pieces);
}

}  // namespace

RepairResult repair_polygonal(const MultiPolygon& area) {
  GEOSContextHandle_t ctx = detail::geos_context();
  detail::GeomPtr g = detail::to_geos(area);
  const char valid = GEOSisValid_r(ctx, g.get());
  if (valid == 2) detail::throw_geos_error("GEOSisValid");
  RepairResult result;
  if (valid == 1) {
    result.area = area;
    return result;
  }
  result.was_valid = false;
  char* reason = GEOSisValidReason_r(ctx, g.get());
  if (reason) {
    result.reason = reason;
    GEOSFree_r(ctx, reason);
  }
  // Repair part by part: MakeValid builds rings with a cost quadratic in the
  // number of rings it holds (GEOS 3.11), and a country of thousands of islands
  // usually has one or two bad parts. Parts that overlap each other are then
  // merged by a cascaded union, which is fast and gives a valid result.
  MultiPolygon parts;
  for (const Polygon& p : area) {
    detail::GeomPtr one = detail::to_geos(MultiPolygon{p});
    const char ok = GEOSisValid_r(ctx, one.get());
    if (ok == 2) detail::throw_geos_error("GEOSisValid");
    if (ok == 1) {
      parts.push_back(p);
      continue;
    }
    detail::GeomPtr fixed = repair_part(ctx, p);
    for (Polygon& q : detail::polygons_from_geos(fixed.get())) parts.push_back(std::move(q));
  }
  // Every part is valid now. Together they are valid exactly when they are
  // with only the holes that another part's boundary comes into (a hole no
  // other part reaches changes nothing between parts): that test holds few
  // holes, so it avoids GEOS 3.11's quadratic hole test on a country of
  // thousands of lakes. Invalid together (overlapping parts): their union.
  if (parts.size() > 1) {
    std::vector<Segment> segments;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const Ring& r = parts[k].shell;
      for (std::size_t i = 1; i < r.size(); ++i) segments.push_back({r[i - 1], r[i], static_cast<std::uint32_t>(k)});
    }
    const SegmentIndex index(segments);
    MultiPolygon reduced;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      reduced.push_back(Polygon{parts[k].shell, {}});
      for (const Ring& h : parts[k].holes) {
        const Extent e = extent_of(h);
        bool reached = false;
        index.query(e.min_x, e.min_y, e.max_x, e.max_y, [&](const Segment& seg) { reached = reached || seg.owner != k; });
        if (reached) reduced.back().holes.push_back(h);
      }
    }
    const char together = GEOSisValid_r(ctx, detail::to_geos(reduced).get());
    if (together == 2) detail::throw_geos_error("GEOSisValid");
    if (together == 1) {
      result.area = std::move(parts);
      return result;
    }
  } else {
    result.area = std::move(parts);
    return result;
  }
  detail::GeomPtr merged = detail::checked(GEOSUnaryUnion_r(ctx, detail::to_geos(parts).get()), "GEOSUnaryUnion");
  result.area = detail::polygons_from_geos(merged.get());
  return result;
}

double planar_area(const MultiPolygon& area) {
  GEOSContextHandle_t ctx = detail::geos_context();
  detail::GeomPtr g = detail::to_geos(area);
  double a = 0.0;
  if (!GEOSArea_r(ctx, g.get(), &a)) detail::throw_geos_error("GEOSArea");
  return a;
}

}  // namespace borderflow::geometry

namespace borderflow::geometry {

MultiPolygon union_polygons(const MultiPolygon& parts) {
  GEOSContextHandle_t ctx = detail::geos_context();
  detail::GeomPtr g = detail::to_geos(parts);
  detail::GeomPtr merged = detail::checked(GEOSUnaryUnion_r(ctx, g.get()), "GEOSUnaryUnion");
  return detail::polygons_from_geos(merged.get());
}

MultiPolygon polygonize(const MultiLineString& lines) {
  GEOSContextHandle_t ctx = detail::geos_context();
  std::vector<detail::GeomPtr> owned;
  std::vector<const GEOSGeometry*> raw;
  for (const auto& l : lines) {
    if (l.size() < 2) continue;
    owned.push_back(detail::to_geos(l));
    raw.push_back(owned.back().get());
  }
  if (raw.empty()) return {};
  // The "valid" variant leaves out faces that are holes of other faces (an
  // enclave or a lake ringed by coastline is not part of the land around it).
  detail::GeomPtr result = detail::checked(
      GEOSPolygonize_valid_r(ctx, raw.data(), static_cast<unsigned>(raw.size())), "GEOSPolygonize_valid");
  return detail::polygons_from_geos(result.get());
}

}  // namespace borderflow::geometry
