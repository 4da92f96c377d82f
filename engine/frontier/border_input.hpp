#pragma once
// Border inputs as the readers deliver them, in lon/lat (EPSG:4326).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::frontier {

// A country or admin unit: its id (ISO code or name) and its area.
struct BorderUnit {
  std::string id;
  std::string name;
  geometry::MultiPolygon area;
  InputLocation origin;
};

// An explicit border line between two units; `unit_b` is empty for coastline.
struct BorderLine {
  std::string unit_a;
  std::string unit_b;
  geometry::MultiLineString path;
  InputLocation origin;
};

// A port of entry / checkpoint.
struct Port {
  std::string name;
  std::string country;
  std::string kind;
  geometry::Coord lonlat;
  InputLocation origin;
};

// Either polygons of units, or explicit border lines (or both).
struct BorderInput {
  std::vector<BorderUnit> units;
  std::vector<BorderLine> lines;
};

}  // namespace borderflow::frontier
