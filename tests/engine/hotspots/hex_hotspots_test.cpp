// hex_hotspots: what a cell holds, worked out by hand on a 10 km grid.
#include "engine/hotspots/hex_hotspots.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace borderflow;
using geometry::Coord;

namespace {

struct Cells {
  hotspots::HexHotspots h;
  std::size_t at(Coord p) const {
    const auto c = h.grid.cell_of(p);
    const auto it = std::find(h.cells.begin(), h.cells.end(), *c);
    return static_cast<std::size_t>(it - h.cells.begin());
  }
};

Cells cells_of(const std::vector<hotspots::WeightedLine>& lines, const std::vector<hotspots::WeightedPoint>& points = {},
        std::size_t groups = 1) {
  geometry::Extent area;
  area.expand(Coord{0, 0});
  area.expand(Coord{100000, 100000});
  hotspots::HexHotspotOptions o;
  o.cell_size_m = 10000;
  o.domain = hotspots::CellDomain::all;  // every cell kept: no land layer needed
  o.gi.threads = 1;
  return {hotspots::hex_hotspots(area, nullptr, nullptr, points, lines, groups, o)};
}

}  // namespace

// A route's weight counts once among a cell's persons however many of its
// legs pass the cell; its value is weight x length of every piece.
TEST(HexHotspots, PersonsCountEachRouteOncePerCell) {
  const Coord c{50000, 50000};
  // Route 0 (3 persons): two legs through the centre, along x and along y.
  // Route 1 (2 persons): one leg through it. A line with no source counts alone.
  const std::vector<hotspots::WeightedLine> lines{
      {{{c.x - 20000, c.y}, {c.x + 20000, c.y}}, 3.0, 0, 0},
      {{{c.x, c.y - 20000}, {c.x, c.y + 20000}}, 3.0, 0, 0},
      {{{c.x - 20000, c.y + 1000}, {c.x + 20000, c.y + 1000}}, 2.0, 0, 1},
      {{{c.x - 20000, c.y - 1000}, {c.x + 20000, c.y - 1000}}, 1.0, 0, hotspots::WeightedLine::kNoSource},
      {{{c.x - 20000, c.y - 2000}, {c.x + 20000, c.y - 2000}}, 1.0, 0, hotspots::WeightedLine::kNoSource}};
  const Cells r = cells_of(lines);
  const std::size_t i = r.at(c);
  EXPECT_DOUBLE_EQ(r.h.persons[i], 3.0 + 2.0 + 1.0 + 1.0);
  EXPECT_DOUBLE_EQ(r.h.group_persons[i], r.h.persons[i]);
  // The value is weight x metres inside the cell: > persons, as lengths are km.
  EXPECT_GT(r.h.value[i], 1000.0 * r.h.persons[i]);
  // A cell 15 km east: the lines running east (y within 2 km of the centre)
  // reach it, route 0's north-south leg does not; route 0 counts once at most.
  const std::size_t east = r.at({c.x + 15000, c.y});
  EXPECT_LE(r.h.persons[east], 3.0 + 2.0 + 1.0 + 1.0);
  EXPECT_GE(r.h.persons[east], 2.0 + 1.0 + 1.0);
  // A cell no line reaches holds nothing.
  const std::size_t far = r.at({5000, 95000});
  EXPECT_EQ(r.h.persons[far], 0.0);
  EXPECT_EQ(r.h.value[far], 0.0);
}

// For points, the persons are the value: the summed weights.
TEST(HexHotspots, PersonsOfPointsAreTheirWeights) {
  const Coord c{50000, 50000};
  const Cells r = cells_of({}, {{c, 4.0, 0}, {{c.x + 100, c.y}, 2.5, 1}}, 2);
  const std::size_t i = r.at(c);
  EXPECT_DOUBLE_EQ(r.h.value[i], 6.5);
  EXPECT_DOUBLE_EQ(r.h.persons[i], 6.5);
  EXPECT_DOUBLE_EQ(r.h.group_persons[i * 2 + 0], 4.0);
  EXPECT_DOUBLE_EQ(r.h.group_persons[i * 2 + 1], 2.5);
}
