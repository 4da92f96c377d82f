#pragma once
// Distances on the WGS 84 ellipsoid (Karney's algorithm, as shipped in PROJ's
// geodesic.h): accurate to nanometres, independent of any map projection.
#include "engine/geometry/types.hpp"

namespace borderflow::geometry {

// Metres between two lon/lat points (degrees).
double geodesic_distance_m(Coord a_lonlat, Coord b_lonlat);
// Metres along a lon/lat line, vertex to vertex along geodesics.
double geodesic_length_m(const LineString& lonlat);
double geodesic_length_m(const MultiLineString& lonlat);

}  // namespace borderflow::geometry
