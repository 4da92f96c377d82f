#pragma once
// A grid of pointy-top hexagons in the working CRS (metres).
//
// `cell_size_m` is the distance between the centres of two neighbouring cells
// (the width of a cell across its flat sides); a cell's area is
// sqrt(3)/2 * s^2 and its corners lie s/sqrt(3) from its centre. Cells are
// addressed by (row, col) in the "odd-r" offset layout: row r has its centres
// at y = y0 + r * s * sqrt(3)/2, and column c at x = x0 + (c + (r odd ? 0.5 : 0)) * s.
// Point location uses cube rounding of axial coordinates (Red Blob Games'
// "Hexagonal Grids" notes), so a point belongs to the cell whose centre is
// nearest.
#include <array>
#include <cstdint>
#include <optional>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry {

struct HexCell {
  std::int32_t row = 0;
  std::int32_t col = 0;
  friend bool operator==(const HexCell&, const HexCell&) = default;
};

class HexGrid {
 public:
  HexGrid() = default;
  // A grid whose cells cover `extent` with a margin: every point of the
  // extent lies in a cell of the grid, and cell (2, 1) is centred on the
  // extent's lower-left corner. Throws std::invalid_argument when the cell
  // size is not positive or the grid would have more than 2^31 cells.
  HexGrid(const Extent& extent, double cell_size_m);

  double cell_size_m() const noexcept { return s_; }
  double cell_area_m2() const noexcept;
  std::int32_t rows() const noexcept { return rows_; }
  std::int32_t cols() const noexcept { return cols_; }
  std::size_t size() const noexcept { return std::size_t(rows_) * std::size_t(cols_); }
  // Row-major index of a cell and back.
  std::size_t index(HexCell c) const noexcept { return std::size_t(c.row) * std::size_t(cols_) + std::size_t(c.col); }
  HexCell cell(std::size_t index) const noexcept {
    return {static_cast<std::int32_t>(index / std::size_t(cols_)), static_cast<std::int32_t>(index % std::size_t(cols_))};
  }

  Coord center(HexCell c) const noexcept;
  // The cell whose centre is nearest to p, or nullopt outside the grid.
  std::optional<HexCell> cell_of(Coord p) const noexcept;
  // Corners counter-clockwise, starting at the top.
  std::array<Coord, 6> corners(HexCell c) const noexcept;
  Polygon polygon(HexCell c) const;

 private:
  double s_ = 0.0;
  double x0_ = 0.0;
  double y0_ = 0.0;
  std::int32_t rows_ = 0;
  std::int32_t cols_ = 0;
};

// Length of the part of segment a-b inside the convex polygon given by its
// corners in counter-clockwise order (Cyrus-Beck clipping).
double clipped_length(Coord a, Coord b, const std::array<Coord, 6>& ccw_corners) noexcept;

}  // namespace borderflow::geometry
