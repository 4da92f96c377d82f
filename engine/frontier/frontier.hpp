#pragma once
// The frontier: the units (countries or admin units) and, optionally, an
// explicit land layer, in the metric working CRS, with an index over their
// boundary segments. Answers "which units contain this point" for the
// crossing engine; derives land borders and coastline for the `borders` layer.
//
// Thread-safety: immutable after construction; classify() may be called from
// many threads at once, each with its own Scratch.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/frontier/border_input.hpp"
#include "engine/geometry/projection.hpp"
#include "engine/geometry/segment_index.hpp"

namespace borderflow::frontier {

struct Zone {
  std::string id;
  std::string name;
  geometry::MultiPolygon area;  // working CRS, metres
  geometry::Extent extent;
};

class Frontier {
 public:
  // Projects the units (and land polygons, when given) into the working CRS,
  // first densifying their rings to at most `densify_deg` degrees per segment
  // so that the frontier follows the lines of the lon/lat data (the routes are
  // densified the same way). Throws GeometryError when a unit cannot be projected.
  Frontier(const std::vector<BorderUnit>& units, const geometry::Projection& projection,
           const std::optional<geometry::MultiPolygon>& land_lonlat = std::nullopt, double densify_deg = 0.05);

  // A frontier from units (and land) already in the working CRS, as
  // Frontier::units() and land_layer() give them (the frontier cache): the
  // same index as the frontier they came from.
  static Frontier from_projected(std::vector<Zone> units, std::optional<Zone> land);

  struct Scratch {
    std::vector<char> parity;  // all 0 between calls
    std::vector<std::uint32_t> candidates;
    std::vector<std::uint32_t> seen;  // per boundary segment: the visit_cells() call that last gave it
    std::uint32_t stamp = 0;
  };

  // Calls visit(segment) once for every boundary segment that meets a grid
  // cell the box meets (a superset of the segments that come within 1e-6 m
  // of the box), and returns true; returns false, visiting nothing, when
  // there is no grid or the box spans more than 64 cells (query index()).
  template <typename Visit>
  bool visit_cells(double min_x, double min_y, double max_x, double max_y, Scratch& scratch, Visit&& visit) const;

  // The units whose closed area (interior or boundary, within 1e-6 m)
  // contains p, sorted by index. `on_land` (optional) receives whether p is
  // on land: in the explicit land layer when there is one, else in any unit.
  // `on_boundary` (optional) receives whether p is within that 1e-6 m of any
  // boundary, i.e. whether the closure decided.
  void classify(geometry::Coord p, std::vector<std::uint32_t>& units, Scratch& scratch, bool* on_land = nullptr,
                bool* on_boundary = nullptr) const;
  static constexpr double kOnBoundaryM = 1e-6;

  // The unit whose boundary is nearest to p within max_dist_m (ties: lowest
  // index), nullopt when none is that close.
  std::optional<std::uint32_t> nearest_unit(geometry::Coord p, double max_dist_m) const;

  const std::vector<Zone>& units() const noexcept { return units_; }
  bool has_land_layer() const noexcept { return land_.has_value(); }
  // The explicit land layer (working CRS), when there is one.
  const std::optional<Zone>& land_layer() const noexcept { return land_; }
  // Index over the boundary segments of every unit (owner = unit index) and
  // of the land layer (owner = land_owner()).
  const geometry::SegmentIndex& index() const noexcept { return index_; }
  std::uint32_t land_owner() const noexcept { return static_cast<std::uint32_t>(units_.size()); }

 private:
  Frontier() = default;
  void build_index();
  std::vector<Zone> units_;
  std::optional<Zone> land_;
  geometry::SegmentIndex index_;
  // Point-in-unit rays made short: a ray from p runs to +x only as far as the
  // next vertical line x = columns_x_[k], then down that line, where the
  // boundary crossings below any y are counted from a sorted list (owner, y).
  // The path to infinity is a ray's as well, so the crossing number is the
  // same; it meets a few cells' segments instead of a country's width.
  double column_x0_ = 0.0, column_w_ = 0.0;
  std::vector<std::vector<std::pair<std::uint32_t, double>>> columns_;  // per line k: (owner, y) sorted
  // Point-in-unit by cells first: a grid of square cells over the frontier
  // with, per cell, the boundary segments that meet it and the owners whose
  // area holds its centre (found once, by a scan line through each row of
  // centres). A point's owners are then its cell centre's, toggled by the
  // segments that the path from the centre to the point crosses, all of them
  // in the cell: the crossing number along another path to infinity. Where
  // that path is degenerate (an end on a segment's line, a centre on a
  // boundary) the ray above decides.
  struct Grid {
    double x0 = 0.0, y0 = 0.0, h = 0.0;
    std::uint32_t nx = 0, ny = 0;
    std::vector<std::uint32_t> seg_start, seg;  // per cell: indices into index_.segments()
    std::vector<std::uint32_t> in_start, in;    // per cell: owners holding the centre, sorted
    std::vector<char> unsafe;                   // centre within 1e-5 m of a boundary
  };
  Grid grid_;
  void build_grid(const geometry::Extent& all);  // all: the units' and land's extent
  bool classify_in_cell(geometry::Coord p, std::vector<std::uint32_t>& units, Scratch& scratch, bool* on_land,
                        bool* on_boundary) const;
  void classify_by_ray(geometry::Coord p, std::vector<std::uint32_t>& units, Scratch& scratch, bool* on_land,
                       bool* on_boundary) const;
};

template <typename Visit>
bool Frontier::visit_cells(double min_x, double min_y, double max_x, double max_y, Scratch& scratch, Visit&& visit) const {
  const Grid& g = grid_;
  if (g.seg_start.empty()) return false;
  const double fx0 = (min_x - g.x0) / g.h, fx1 = (max_x - g.x0) / g.h;
  const double fy0 = (min_y - g.y0) / g.h, fy1 = (max_y - g.y0) / g.h;
  if (!(fx0 >= 0.0 && fy0 >= 0.0 && fx1 < static_cast<double>(g.nx) && fy1 < static_cast<double>(g.ny))) return false;
  const auto i0 = static_cast<std::uint32_t>(fx0), i1 = static_cast<std::uint32_t>(fx1);
  const auto j0 = static_cast<std::uint32_t>(fy0), j1 = static_cast<std::uint32_t>(fy1);
  if (std::uint64_t{i1 - i0 + 1} * (j1 - j0 + 1) > 64) return false;
  const auto& segments = index_.segments();
  if (scratch.seen.size() != segments.size() || ++scratch.stamp == 0) {
    scratch.seen.assign(segments.size(), 0);
    scratch.stamp = 1;
  }
  for (std::uint32_t j = j0; j <= j1; ++j)
    for (std::uint32_t i = i0; i <= i1; ++i) {
      const std::size_t c = std::size_t{j} * g.nx + i;
      for (std::uint32_t q = g.seg_start[c]; q < g.seg_start[c + 1]; ++q) {
        const std::uint32_t k = g.seg[q];
        if (scratch.seen[k] == scratch.stamp) continue;
        scratch.seen[k] = scratch.stamp;
        visit(segments[k]);
      }
    }
  return true;
}

// Lines of the `borders` layer, in the working CRS.
struct BorderLineOut {
  std::string unit_a;  // a < b for land borders
  std::string unit_b;  // empty for coast
  geometry::MultiLineString path;
};

struct BorderOptions {
  // Boundaries closer than this are one border: units' boundaries that lie
  // within snap_m of (or inside) a neighbour are their shared land border.
  double snap_m = 5.0;
  int threads = 0;  // pairs of neighbours in parallel; 0 = all cores
};

// Land borders, one (multi)line per pair of neighbours, and the coastline of
// each unit: its boundary that lies within snap_m of no other unit. With
// `coast` (working CRS), the coastline is those lines instead.
std::vector<BorderLineOut> derive_borders(const Frontier& frontier, const BorderOptions& options,
                                          const std::optional<geometry::MultiLineString>& coast = std::nullopt);

}  // namespace borderflow::frontier
