#include "engine/geometry/types.hpp"

#include <cmath>

#include "engine/geometry/planar.hpp"

namespace borderflow::geometry {

Extent extent_of(const LineString& line) {
  Extent e;
  for (const Coord& c : line) e.expand(c);
  return e;
}

Extent extent_of(const MultiPolygon& area) {
  Extent e;
  for (const Polygon& p : area)
    for (const Coord& c : p.shell) e.expand(c);
  return e;
}

LineString densify(const LineString& line, double max_step) {
  LineString out;
  if (line.empty()) return out;
  out.reserve(line.size());
  out.push_back(line.front());
  for (std::size_t i = 1; i < line.size(); ++i) {
    const Coord a = line[i - 1];
    const Coord b = line[i];
    const double span = std::max(std::abs(b.x - a.x), std::abs(b.y - a.y));
    const int steps = max_step > 0 ? static_cast<int>(std::ceil(span / max_step)) : 1;
    for (int k = 1; k < steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      out.push_back(planar::lerp(a, b, t));
    }
    out.push_back(b);
  }
  return out;
}

std::size_t vertex_count(const MultiPolygon& area) {
  std::size_t n = 0;
  for (const Polygon& p : area) {
    n += p.shell.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

}  // namespace borderflow::geometry
