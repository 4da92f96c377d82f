#include "engine/geometry/types.hpp"

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

std::size_t vertex_count(const MultiPolygon& area) {
  std::size_t n = 0;
  for (const Polygon& p : area) {
    n += p.shell.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

}  // namespace borderflow::geometry
