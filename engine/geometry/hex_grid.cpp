#include "engine/geometry/hex_grid.hpp"

#include <cmath>
#include <stdexcept>

#include "engine/geometry/planar.hpp"

namespace borderflow::geometry {

namespace {
constexpr double kSqrt3 = 1.7320508075688772;
}

HexGrid::HexGrid(const Extent& extent, double cell_size_m) : s_(cell_size_m) {
  if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
    throw std::invalid_argument("hexagon cell size must be a positive number of metres");
  if (extent.empty()) throw std::invalid_argument("hexagon grid over an empty extent");
  // A margin of one column and two rows on every side: the cell nearest to
  // any point of the extent then exists, and cell (2, 1) is centred on the
  // extent's lower-left corner (an even number of rows keeps the odd-r parity).
  const double row_h = s_ * kSqrt3 / 2.0;
  x0_ = extent.min_x - s_;
  y0_ = extent.min_y - 2.0 * row_h;
  const double rows = std::ceil((extent.max_y - y0_) / row_h) + 3.0;
  const double cols = std::ceil((extent.max_x - x0_ + s_) / s_) + 1.0;
  if (rows * cols > 2147483647.0)
    throw std::invalid_argument("hexagon grid too large: cell size " + std::to_string(cell_size_m) +
                                " m gives more than 2^31 cells");
  rows_ = static_cast<std::int32_t>(rows);
  cols_ = static_cast<std::int32_t>(cols);
}

double HexGrid::cell_area_m2() const noexcept { return kSqrt3 / 2.0 * s_ * s_; }

Coord HexGrid::center(HexCell c) const noexcept {
  return {x0_ + (c.col + ((c.row & 1) ? 0.5 : 0.0)) * s_, y0_ + c.row * s_ * kSqrt3 / 2.0};
}

std::optional<HexCell> HexGrid::cell_of(Coord p) const noexcept {
  // Fractional axial coordinates (q, r) of p relative to cell (0, 0), then
  // cube rounding: round all three cube coordinates and fix the one with the
  // largest rounding error so that they sum to zero.
  const double size = s_ / kSqrt3;  // circumradius
  const double px = p.x - x0_;
  const double py = p.y - y0_;
  const double fq = (kSqrt3 / 3.0 * px - 1.0 / 3.0 * py) / size;
  const double fr = (2.0 / 3.0 * py) / size;
  const double fs = -fq - fr;
  double q = std::round(fq), r = std::round(fr), s = std::round(fs);
  const double dq = std::abs(q - fq), dr = std::abs(r - fr), ds = std::abs(s - fs);
  if (dq > dr && dq > ds)
    q = -r - s;
  else if (dr > ds)
    r = -q - s;
  if (!std::isfinite(q) || !std::isfinite(r) || r < 0 || r >= rows_) return std::nullopt;
  const auto ri = static_cast<std::int64_t>(r);
  const std::int64_t col = static_cast<std::int64_t>(q) + (ri - (ri & 1)) / 2;
  if (col < 0 || col >= cols_) return std::nullopt;
  return HexCell{static_cast<std::int32_t>(ri), static_cast<std::int32_t>(col)};
}

std::array<Coord, 6> HexGrid::corners(HexCell c) const noexcept {
  const Coord m = center(c);
  const double R = s_ / kSqrt3;
  std::array<Coord, 6> out;
  // Pointy-top: corners at 90, 150, 210, 270, 330, 30 degrees.
  static constexpr double kCos[6] = {0.0, -0.8660254037844386, -0.8660254037844387, 0.0, 0.8660254037844384, 0.8660254037844387};
  static constexpr double kSin[6] = {1.0, 0.5, -0.5, -1.0, -0.5, 0.5};
  for (int i = 0; i < 6; ++i) out[i] = {m.x + R * kCos[i], m.y + R * kSin[i]};
  return out;
}

Polygon HexGrid::polygon(HexCell c) const {
  const auto k = corners(c);
  Polygon p;
  p.shell.assign(k.begin(), k.end());
  p.shell.push_back(k.front());
  return p;
}

double clipped_length(Coord a, Coord b, const std::array<Coord, 6>& k) noexcept {
  double t0 = 0.0, t1 = 1.0;
  const Coord d = planar::sub(b, a);
  for (int i = 0; i < 6; ++i) {
    const Coord& p = k[i];
    const Coord& q = k[(i + 1) % 6];
    // Inside is to the left of p->q: cross(q - p, x - p) >= 0.
    const Coord e = planar::sub(q, p);
    const double num = planar::cross(e, planar::sub(a, p));  // value at t = 0
    const double den = planar::cross(e, d);                   // change per unit t
    if (den == 0.0) {
      if (num < 0.0) return 0.0;
      continue;
    }
    const double t = -num / den;
    if (den > 0.0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
    if (t0 >= t1) return 0.0;
  }
  return (t1 - t0) * std::hypot(d.x, d.y);
}

}  // namespace borderflow::geometry
