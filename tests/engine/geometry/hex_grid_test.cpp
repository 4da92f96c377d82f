// Hexagon grid geometry, against the plane geometry of a regular hexagon
// (cell size s = width across flats; circumradius R = s / sqrt(3)).
#include "engine/geometry/hex_grid.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace borderflow::geometry;

namespace {
constexpr double kSqrt3 = 1.7320508075688772;
}

TEST(HexGrid, CentresRoundTripAndNeighboursAreOneCellApart) {
  const HexGrid g(Extent{0, 0, 100000, 80000}, 10000);
  for (std::int32_t r = 0; r < g.rows(); ++r)
    for (std::int32_t c = 0; c < g.cols(); ++c) {
      const auto back = g.cell_of(g.center({r, c}));
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, (HexCell{r, c}));
    }
  // Same row: s apart; next row (odd-r): s apart diagonally.
  const Coord a = g.center({2, 3}), b = g.center({2, 4}), d = g.center({3, 3}), e = g.center({3, 2});
  EXPECT_NEAR(std::hypot(b.x - a.x, b.y - a.y), 10000.0, 1e-6);
  EXPECT_NEAR(std::hypot(d.x - a.x, d.y - a.y), 10000.0, 1e-6);
  EXPECT_NEAR(std::hypot(e.x - a.x, e.y - a.y), 10000.0, 1e-6);
}

TEST(HexGrid, EveryPointOfTheExtentHasTheCellOfTheNearestCentre) {
  const HexGrid g(Extent{-5000, 1000, 45000, 37000}, 7000);
  for (double x = -5000; x <= 45000; x += 731)
    for (double y = 1000; y <= 37000; y += 677) {
      const auto c = g.cell_of({x, y});
      ASSERT_TRUE(c.has_value()) << x << " " << y;
      const Coord m = g.center(*c);
      const double d = std::hypot(m.x - x, m.y - y);
      EXPECT_LE(d, 7000.0 / kSqrt3 + 1e-6);
      // No other centre nearer (brute force over the neighbourhood).
      for (int dr = -2; dr <= 2; ++dr)
        for (int dc = -2; dc <= 2; ++dc) {
          const HexCell o{c->row + dr, c->col + dc};
          if (o.row < 0 || o.col < 0 || o.row >= g.rows() || o.col >= g.cols()) continue;
          const Coord q = g.center(o);
          EXPECT_GE(std::hypot(q.x - x, q.y - y), d - 1e-6);
        }
    }
  EXPECT_FALSE(g.cell_of({-1e7, 0}).has_value());
}

TEST(HexGrid, PolygonHasTheAreaOfARegularHexagon) {
  const HexGrid g(Extent{0, 0, 10, 10}, 2.0);
  const Polygon p = g.polygon({1, 1});
  ASSERT_EQ(p.shell.size(), 7u);
  double a = 0;
  for (std::size_t i = 1; i < p.shell.size(); ++i)
    a += p.shell[i - 1].x * p.shell[i].y - p.shell[i].x * p.shell[i - 1].y;
  EXPECT_GT(a, 0.0);  // counter-clockwise
  EXPECT_NEAR(a / 2.0, kSqrt3 / 2.0 * 4.0, 1e-12);
  EXPECT_NEAR(g.cell_area_m2(), kSqrt3 / 2.0 * 4.0, 1e-12);
}

TEST(HexGrid, ClippedLengthOfLinesThroughACell) {
  const HexGrid g(Extent{0, 0, 100, 100}, 10.0);
  const HexCell c{3, 3};
  const Coord m = g.center(c);
  const auto k = g.corners(c);
  // Across the flats (horizontal, pointy-top): exactly s.
  EXPECT_NEAR(clipped_length({m.x - 50, m.y}, {m.x + 50, m.y}, k), 10.0, 1e-9);
  // Corner to corner (vertical): 2R.
  EXPECT_NEAR(clipped_length({m.x, m.y - 50}, {m.x, m.y + 50}, k), 20.0 / kSqrt3, 1e-9);
  // A segment inside: its own length; outside: 0.
  EXPECT_NEAR(clipped_length({m.x - 1, m.y - 1}, {m.x + 2, m.y + 3}, k), 5.0, 1e-12);
  EXPECT_EQ(clipped_length({m.x + 20, m.y}, {m.x + 30, m.y}, k), 0.0);
  // The pieces of a long line over all cells add up to its length.
  double total = 0;
  const Coord a{3, 7}, b{91, 77};
  for (std::int32_t r = 0; r < g.rows(); ++r)
    for (std::int32_t cc = 0; cc < g.cols(); ++cc) total += clipped_length(a, b, g.corners({r, cc}));
  EXPECT_NEAR(total, std::hypot(88.0, 70.0), 1e-9);
}

TEST(HexGrid, RejectsBadCellSizes) {
  EXPECT_THROW(HexGrid(Extent{0, 0, 1, 1}, 0.0), std::invalid_argument);
  EXPECT_THROW(HexGrid(Extent{0, 0, 1, 1}, -3.0), std::invalid_argument);
  EXPECT_THROW(HexGrid(Extent{0, 0, 1e9, 1e9}, 1.0), std::invalid_argument);
}
