#pragma once
// Plain geometry values used across the engine. Coordinates are either
// lon/lat degrees (EPSG:4326, lon first) at the edges of the program, or metres
// in the working CRS inside analyses; each use says which.
#include <algorithm>
#include <limits>
#include <vector>

namespace borderflow::geometry {

struct Coord {
  double x = 0.0;  // lon (degrees) or easting (metres)
  double y = 0.0;  // lat (degrees) or northing (metres)
  friend bool operator==(const Coord&, const Coord&) = default;
};

using LineString = std::vector<Coord>;
using MultiLineString = std::vector<LineString>;
using Ring = std::vector<Coord>;  // closed: front() == back()

struct Polygon {
  Ring shell;
  std::vector<Ring> holes;
};
using MultiPolygon = std::vector<Polygon>;

struct Extent {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const noexcept { return min_x > max_x; }
  void expand(const Coord& c) noexcept {
    min_x = std::min(min_x, c.x);
    min_y = std::min(min_y, c.y);
    max_x = std::max(max_x, c.x);
    max_y = std::max(max_y, c.y);
  }
  void expand(const Extent& e) noexcept {
    if (e.empty()) return;
    expand(Coord{e.min_x, e.min_y});
    expand(Coord{e.max_x, e.max_y});
  }
};

Extent extent_of(const LineString& line);
Extent extent_of(const MultiPolygon& area);

// The line with vertices added so that no segment spans more than `max_step`
// in x or y (linear interpolation in the line's own coordinates).
LineString densify(const LineString& line, double max_step);

// Number of vertices, for reports.
std::size_t vertex_count(const MultiPolygon& area);

}  // namespace borderflow::geometry
