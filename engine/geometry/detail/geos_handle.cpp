#include "engine/geometry/detail/geos_handle.hpp"

#include <cstdarg>
#include <cstdio>

#include "engine/core/error.hpp"

namespace borderflow::geometry::detail {
namespace {

thread_local std::string t_last_error;

[[gnu::format(printf, 1, 2)]] void on_geos_error(const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  t_last_error = buf;
}

void on_geos_notice(const char*, ...) {}

struct ContextOwner {
  GEOSContextHandle_t handle = nullptr;
  ContextOwner() : handle(GEOS_init_r()) {
    GEOSContext_setErrorHandler_r(handle, on_geos_error);
    GEOSContext_setNoticeHandler_r(handle, on_geos_notice);
  }
  ~ContextOwner() { GEOS_finish_r(handle); }
  ContextOwner(const ContextOwner&) = delete;
  ContextOwner& operator=(const ContextOwner&) = delete;
};

// Builds a GEOS coordinate sequence; the caller owns it until passed to GEOS.
GEOSCoordSequence* make_sequence(GEOSContextHandle_t ctx, const std::vector<Coord>& pts) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(pts.size()), 2);
  if (!seq) throw_geos_error("GEOSCoordSeq_create");
  for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(ctx, seq, i, pts[i].x, pts[i].y);
  return seq;
}

GEOSGeometry* make_ring(GEOSContextHandle_t ctx, const Ring& ring) {
  Ring closed = ring;
  if (!closed.empty() && !(closed.front() == closed.back())) closed.push_back(closed.front());
  // GEOS refuses rings of fewer than 4 points; pad degenerate rings so that
  // validity checking reports them instead of construction failing.
  while (!closed.empty() && closed.size() < 4) closed.push_back(closed.front());
  GEOSGeometry* g = GEOSGeom_createLinearRing_r(ctx, make_sequence(ctx, closed));
  if (!g) throw_geos_error("GEOSGeom_createLinearRing");
  return g;
}

std::vector<Coord> read_sequence(GEOSContextHandle_t ctx, const GEOSCoordSequence* seq) {
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx, seq, &n);
  std::vector<Coord> pts(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx, seq, i, &pts[i].x, &pts[i].y);
  return pts;
}

void collect_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx, g)) return;
    Polygon p;
    p.shell = read_sequence(ctx, GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, g)));
    const int holes = GEOSGetNumInteriorRings_r(ctx, g);
    for (int i = 0; i < holes; ++i)
      p.holes.push_back(read_sequence(ctx, GEOSGeom_getCoordSeq_r(ctx, GEOSGetInteriorRingN_r(ctx, g, i))));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx, g);
    for (int i = 0; i < n; ++i) collect_polygons(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
  }
}

void collect_lines(GEOSContextHandle_t ctx, const GEOSGeometry* g, MultiLineString& out) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    if (!GEOSisEmpty_r(ctx, g)) out.push_back(read_sequence(ctx, GEOSGeom_getCoordSeq_r(ctx, g)));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx, g);
    for (int i = 0; i < n; ++i) collect_lines(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
  }
}

}  // namespace

GEOSContextHandle_t geos_context() {
  thread_local ContextOwner owner;
  return owner.handle;
}

void throw_geos_error(const char* operation) {
  std::string msg = std::string("GEOS ") + operation + " failed";
  if (!t_last_error.empty()) msg += ": " + t_last_error;
  t_last_error.clear();
  throw GeometryError(msg);
}

void GeomDeleter::operator()(GEOSGeometry* g) const noexcept {
  if (g) GEOSGeom_destroy_r(geos_context(), g);
}

GeomPtr checked(GEOSGeometry* g, const char* operation) {
  if (!g) throw_geos_error(operation);
  return GeomPtr(g);
}

GeomPtr to_geos(const LineString& line) {
  GEOSContextHandle_t ctx = geos_context();
  return checked(GEOSGeom_createLineString_r(ctx, make_sequence(ctx, line)), "GEOSGeom_createLineString");
}

GeomPtr to_geos(const MultiPolygon& area) {
  GEOSContextHandle_t ctx = geos_context();
  std::vector<GEOSGeometry*> polys;
  polys.reserve(area.size());
  try {
    for (const Polygon& p : area) {
      GEOSGeometry* shell = make_ring(ctx, p.shell);
      std::vector<GEOSGeometry*> holes;
      for (const Ring& h : p.holes) {
        try {
          holes.push_back(make_ring(ctx, h));
        } catch (...) {
          GEOSGeom_destroy_r(ctx, shell);
          for (GEOSGeometry* hole : holes) GEOSGeom_destroy_r(ctx, hole);
          throw;
        }
      }
      GEOSGeometry* poly = GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
      if (!poly) throw_geos_error("GEOSGeom_createPolygon");
      polys.push_back(poly);
    }
  } catch (...) {
    for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(ctx, g);
    throw;
  }
  return checked(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())),
                 "GEOSGeom_createCollection");
}

MultiPolygon polygons_from_geos(const GEOSGeometry* g) {
  MultiPolygon out;
  collect_polygons(geos_context(), g, out);
  return out;
}

MultiLineString lines_from_geos(const GEOSGeometry* g) {
  MultiLineString out;
  collect_lines(geos_context(), g, out);
  return out;
}

}  // namespace borderflow::geometry::detail
