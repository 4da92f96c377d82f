#pragma once
// Internal: RAII over GEOS's reentrant C API. Not part of the public headers.
//
// One GEOS context per thread (thread_local), created on first use and
// destroyed with the thread. Its error handler stores GEOS's message so that a
// failed call can throw GeometryError carrying it.
#include <geos_c.h>

#include <memory>
#include <string>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry::detail {

// This thread's GEOS context.
GEOSContextHandle_t geos_context();

// The last error GEOS reported on this thread (cleared by each call to throw_geos_error).
[[noreturn]] void throw_geos_error(const char* operation);

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const noexcept;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

// Takes ownership of a GEOS result, throwing GeometryError when it is null.
GeomPtr checked(GEOSGeometry* g, const char* operation);

GeomPtr to_geos(const LineString& line);
GeomPtr to_geos(const MultiPolygon& area);

// Polygonal parts of g (Polygon, MultiPolygon, or the polygons inside a collection).
MultiPolygon polygons_from_geos(const GEOSGeometry* g);
// Linear parts of g (LineString, MultiLineString, or lines inside a collection).
MultiLineString lines_from_geos(const GEOSGeometry* g);

}  // namespace borderflow::geometry::detail
