#include "engine/geometry/validity.hpp"

#include <cmath>
#include <sstream>

#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/planar.hpp"

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

// One invalid polygon: each ring repaired alone (cheap even for a country
// with tens of thousands of holes), then the shell's area less the holes'.
// When no hole needed repair and the rebuilt polygon is valid, the holes are
// put back as they were, avoiding an overlay with thousands of holes.
detail::GeomPtr repair_part(GEOSContextHandle_t ctx, const Polygon& p) {
  detail::GeomPtr shell = repair_ring(ctx, p.shell);
  MultiPolygon shell_parts = detail::polygons_from_geos(shell.get());
  if (p.holes.empty()) return shell;
  if (shell_parts.size() == 1) {
    Polygon rebuilt{shell_parts[0].shell, p.holes};
    for (const Ring& h : shell_parts[0].holes) rebuilt.holes.push_back(h);
    detail::GeomPtr candidate = detail::to_geos(MultiPolygon{rebuilt});
    if (GEOSisValid_r(ctx, candidate.get()) == 1) return candidate;
  }
  std::vector<detail::GeomPtr> holes;
  std::vector<GEOSGeometry*> raw;
  for (const Ring& h : p.holes) {
    holes.push_back(repair_ring(ctx, h));
    raw.push_back(holes.back().get());
  }
  detail::GeomPtr collection = detail::checked(
      GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
      "GEOSGeom_createCollection");
  for (auto& h : holes) h.release();  // now owned by the collection
  detail::GeomPtr hole_area = detail::checked(GEOSUnaryUnion_r(ctx, collection.get()), "GEOSUnaryUnion");
  return detail::checked(GEOSDifference_r(ctx, shell.get(), hole_area.get()), "GEOSDifference");
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
  detail::GeomPtr merged = detail::to_geos(parts);
  const char ok = GEOSisValid_r(ctx, merged.get());
  if (ok == 2) detail::throw_geos_error("GEOSisValid");
  if (ok == 0) merged = detail::checked(GEOSUnaryUnion_r(ctx, merged.get()), "GEOSUnaryUnion");
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
