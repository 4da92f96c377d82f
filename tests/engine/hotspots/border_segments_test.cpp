// Border segments: cutting, assigning crossings, Gi* along the border.
#include "engine/hotspots/border_segments.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace borderflow;
using namespace borderflow::hotspots;

namespace {
frontier::BorderLineOut straight(const std::string& a, const std::string& b, double y, double length) {
  return {a, b, {{{0, y}, {length / 2, y}, {length, y}}}};
}
}  // namespace

// A 30 km border A|B along y = 0 cut into 3 segments of 10 km; crossings at
// x = 2 km (w 1), 15 km (w 2), 16 km (w 3) -> weights 1, 5, 0.
// Neighbours with band 10 km: 0-1, 1-2. Gi* (n = 3, mean 2, S^2 = 26/3 - 4):
//   segment 0: W = 2, (3*2 - 4)/2 = 1, z = (1 + 5 - 4) / S = 2 / 2.160246899 = 0.9258201
//   segment 1: W = 3 = n -> no z; segment 2: W = 2, z = (5 + 0 - 4) / S = 0.4629100
TEST(BorderSegments, CutAssignAndGiByHand) {
  const std::vector<frontier::BorderLineOut> borders{straight("A", "B", 0, 30000)};
  const std::vector<SegmentCrossing> c{{{2000, 3}, "A", "B", 1.0, 0}, {{15000, -2}, "A", "B", 2.0, 0},
                                       {{16000, 0}, "A", "B", 3.0, 0}};
  BorderSegmentOptions o;
  o.band_m = 10000;
  const BorderSegments s = border_segments(borders, c, 1, o);
  ASSERT_EQ(s.segments.size(), 3u);
  for (const auto& seg : s.segments) EXPECT_NEAR(seg.length_m, 10000.0, 1e-9);
  EXPECT_EQ(s.segments[1].path.front(), (geometry::Coord{10000, 0}));
  EXPECT_EQ(s.segments[1].path.back(), (geometry::Coord{20000, 0}));
  EXPECT_EQ(s.segments[0].crossings, 1u);
  EXPECT_EQ(s.segments[1].crossings, 2u);
  EXPECT_DOUBLE_EQ(s.segments[1].weight, 5.0);
  EXPECT_EQ(s.segments[2].crossings, 0u);
  EXPECT_NEAR(s.gi.z[0], 2.0 / std::sqrt(26.0 / 3.0 - 4.0), 1e-12);
  EXPECT_NEAR(s.gi.z[2], 1.0 / std::sqrt(26.0 / 3.0 - 4.0), 1e-12);
  EXPECT_FALSE(s.gi.defined[1]);
  EXPECT_EQ(s.gi.n_neighbors, (std::vector<std::uint32_t>{1, 2, 1}));
  EXPECT_EQ(s.unassigned, 0u);
}

// A crossing goes to its own border even when another border is nearer;
// a crossing of a pair without a border line, or too far, is unassigned;
// coast is cut only on request.
TEST(BorderSegments, CrossingsGoToTheirOwnBorder) {
  const std::vector<frontier::BorderLineOut> borders{straight("A", "B", 0, 10000), straight("A", "C", 500, 10000),
                                                     straight("A", "", -3000, 10000)};
  const std::vector<SegmentCrossing> c{{{5000, 100}, "A", "C", 1.0, 0},   // nearer A|B, belongs to A|C
                                       {{5000, 0}, "B", "C", 1.0, 0},     // no B|C border
                                       {{5000, 20000}, "A", "B", 1.0, 0},  // 20 km away
                                       {{5000, -3000}, "A", "", 4.0, 0}};  // coast, not cut by default
  const BorderSegments s = border_segments(borders, c, 1, {});
  ASSERT_EQ(s.segments.size(), 2u);
  EXPECT_EQ(s.segments[0].crossings, 0u);
  EXPECT_EQ(s.segments[1].unit_b, "C");
  EXPECT_EQ(s.segments[1].crossings, 1u);
  EXPECT_EQ(s.unassigned, 2u);
  BorderSegmentOptions o;
  o.coast = true;
  const BorderSegments t = border_segments(borders, c, 1, o);
  ASSERT_EQ(t.segments.size(), 3u);
  EXPECT_DOUBLE_EQ(t.segments[2].weight, 4.0);
  EXPECT_EQ(t.unassigned, 2u);
}

// Parts shorter than a segment stay whole; groups are kept per segment;
// neighbours on another part are measured straight across.
TEST(BorderSegments, PartsGroupsAndNeighboursAcrossParts) {
  frontier::BorderLineOut b{"A", "B", {{{0, 0}, {24000, 0}}, {{25000, 0}, {28000, 0}}}};
  const std::vector<SegmentCrossing> c{{{26000, 0}, "A", "B", 2.0, 1}, {{1000, 0}, "A", "B", 1.0, 0}};
  BorderSegmentOptions o;
  o.band_m = 8000;
  const BorderSegments s = border_segments({b}, c, 2, o);
  ASSERT_EQ(s.segments.size(), 3u);  // 24 km -> 2 x 12 km; 3 km -> 1
  EXPECT_NEAR(s.segments[0].length_m, 12000, 1e-9);
  EXPECT_NEAR(s.segments[2].length_m, 3000, 1e-9);
  EXPECT_EQ(s.group_weight, (std::vector<double>{1, 0, 0, 0, 0, 2}));
  // Midpoints at 6, 18 (part 0) and 26.5 km (part 1): 18 -> 26.5 is 8.5 km > 8: no.
  EXPECT_EQ(s.gi.n_neighbors, (std::vector<std::uint32_t>{0, 0, 0}));
  o.band_m = 9000;
  const BorderSegments t = border_segments({b}, c, 2, o);
  EXPECT_EQ(t.gi.n_neighbors, (std::vector<std::uint32_t>{0, 1, 1}));
}

TEST(BorderSegments, Substring) {
  const geometry::LineString l{{0, 0}, {10, 0}, {10, 10}};
  EXPECT_EQ(substring(l, 5, 15), (geometry::LineString{{5, 0}, {10, 0}, {10, 5}}));
  EXPECT_EQ(substring(l, 0, 20), l);
}
