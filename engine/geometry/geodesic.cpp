#include "engine/geometry/geodesic.hpp"

#include <geodesic.h>

namespace borderflow::geometry {
namespace {

const geod_geodesic& wgs84() {
  static const geod_geodesic g = [] {
    geod_geodesic init{};
    geod_init(&init, 6378137.0, 1.0 / 298.257223563);
    return init;
  }();
  return g;
}

}  // namespace

double geodesic_distance_m(Coord a, Coord b) {
  double s12 = 0.0;
  geod_inverse(&wgs84(), a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

double geodesic_length_m(const LineString& line) {
  double total = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) total += geodesic_distance_m(line[i - 1], line[i]);
  return total;
}

double geodesic_length_m(const MultiLineString& lines) {
  double total = 0.0;
  for (const auto& l : lines) total += geodesic_length_m(l);
  return total;
}

}  // namespace borderflow::geometry
