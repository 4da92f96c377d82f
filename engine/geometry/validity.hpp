#pragma once
// Geometry checks and repair (GEOS). Thread-safe: each thread uses its own
// GEOS context.
#include <optional>
#include <string>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry {

// First non-finite coordinate, as "vertex N is (x, y)"; nullopt when all are finite.
std::optional<std::string> find_non_finite(const LineString& line);
std::optional<std::string> find_non_finite(const MultiPolygon& area);

// First coordinate outside lon [-180, 180], lat [-90, 90]; nullopt when all are inside.
std::optional<std::string> find_out_of_lonlat_range(const LineString& line);
std::optional<std::string> find_out_of_lonlat_range(const MultiPolygon& area);

struct RepairResult {
  MultiPolygon area;      // the valid polygonal geometry (the input when it was valid)
  bool was_valid = true;  // false when GEOS found it invalid and it was repaired
  std::string reason;     // GEOS's reason, e.g. "Self-intersection[90 23]"
};

// Checks a polygonal geometry with GEOS and repairs it with GEOSMakeValid
// (keeping only the polygonal part of the result). Throws GeometryError when
// GEOS fails. The result may be empty when nothing polygonal remains.
RepairResult repair_polygonal(const MultiPolygon& area);

// GEOS's validity reason, "Valid Geometry" when valid.
std::string validity_reason(const MultiPolygon& area);

// Area in squared units of the coordinates (planar).
double planar_area(const MultiPolygon& area);

}  // namespace borderflow::geometry

namespace borderflow::geometry {

// The union of polygons that may overlap or touch (GEOSUnaryUnion): one valid
// area, e.g. a country given as several features.
MultiPolygon union_polygons(const MultiPolygon& parts);

// Polygons enclosed by closed linework (GEOSPolygonize), e.g. land from
// coastline rings. Lines that enclose nothing contribute nothing.
MultiPolygon polygonize(const MultiLineString& lines);

}  // namespace borderflow::geometry
