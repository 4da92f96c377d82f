#include "engine/geometry/validity.hpp"

#include <cmath>
#include <sstream>

#include "engine/geometry/detail/geos_handle.hpp"

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
  // The "structure" method keeps the area enclosed by the shells and removes
  // the holes' area, which is what a digitised country or admin unit means;
  // the default "linework" method can drop the interior of a bow-tie half.
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx);
  GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
  GEOSGeometry* fixed_raw = GEOSMakeValidWithParams_r(ctx, g.get(), params);
  GEOSMakeValidParams_destroy_r(ctx, params);
  detail::GeomPtr fixed = detail::checked(fixed_raw, "GEOSMakeValid");
  result.area = detail::polygons_from_geos(fixed.get());
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
  detail::GeomPtr result = detail::checked(GEOSPolygonize_r(ctx, raw.data(), static_cast<unsigned>(raw.size())),
                                           "GEOSPolygonize");
  return detail::polygons_from_geos(result.get());
}

}  // namespace borderflow::geometry
