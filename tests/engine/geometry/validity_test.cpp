#include "engine/geometry/validity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace borderflow::geometry;

namespace {
MultiPolygon bowtie() {
  // Self-intersecting at (1, 1): two triangles of base 2 and height 1.
  return {Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, {}}};
}
}  // namespace

TEST(Validity, ValidSquareIsKept) {
  const MultiPolygon square{Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {}}};
  const RepairResult r = repair_polygonal(square);
  EXPECT_TRUE(r.was_valid);
  EXPECT_DOUBLE_EQ(planar_area(r.area), 16.0);
  EXPECT_EQ(validity_reason(square), "Valid Geometry");
}

TEST(Validity, BowtieIsRepairedIntoTwoTrianglesOfTotalAreaTwo) {
  const RepairResult r = repair_polygonal(bowtie());
  EXPECT_FALSE(r.was_valid);
  EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos) << r.reason;
  EXPECT_EQ(r.area.size(), 2u);
  EXPECT_NEAR(planar_area(r.area), 2.0, 1e-12);  // 2 x (2 * 1 / 2)
  EXPECT_EQ(validity_reason(r.area), "Valid Geometry");
}

TEST(Validity, UnclosedRingIsClosedAndHoleOutsideShellReported) {
  const MultiPolygon unclosed{Polygon{{{0, 0}, {3, 0}, {3, 3}, {0, 3}}, {}}};
  EXPECT_NEAR(planar_area(repair_polygonal(unclosed).area), 9.0, 1e-12);
  const MultiPolygon hole_outside{Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}},
                                          {{{5, 5}, {6, 5}, {6, 6}, {5, 6}, {5, 5}}}}};
  EXPECT_NE(validity_reason(hole_outside).find("Hole lies outside shell"), std::string::npos);
}

TEST(Validity, FindsNonFiniteAndOutOfRangeVertices) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const LineString line{{88.0, 23.0}, {nan, 23.5}};
  ASSERT_TRUE(find_non_finite(line));
  EXPECT_NE(find_non_finite(line)->find("vertex 2"), std::string::npos);
  EXPECT_FALSE(find_non_finite(LineString{{88.0, 23.0}}));
  const LineString metres{{88.0, 23.0}, {512000.0, 2560000.0}};
  ASSERT_TRUE(find_out_of_lonlat_range(metres));
  EXPECT_NE(find_out_of_lonlat_range(metres)->find("vertex 2"), std::string::npos);
}

namespace {
Ring square_ring(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}; }
}  // namespace

// Holes of every kind in one polygon made invalid by a bow-tie hole. The
// holes that touch nothing stay out of GEOS's overlay and are put back; the
// rest are merged and taken away. Expected area by hand: 100 x 100 less the
// bow-tie hole (two triangles of 25), an isolated 4 x 4 hole, two 10 x 10
// holes overlapping by 5 x 5 (175), a 20 x 20 hole holding a nested one
// (400), a 5 x 5 hole on the shell's edge, 41 isolated 1 x 1 holes; a hole
// outside the shell takes nothing.
TEST(Validity, RepairKeepsUntouchedHolesAndMergesTheRest) {
  Polygon p{square_ring(0, 0, 100, 100), {}};
  p.holes.push_back({{10, 10}, {20, 20}, {20, 10}, {10, 20}, {10, 10}});  // bow-tie: invalid
  p.holes.push_back(square_ring(30, 30, 34, 34));
  p.holes.push_back(square_ring(50, 50, 60, 60));
  p.holes.push_back(square_ring(55, 55, 65, 65));
  p.holes.push_back(square_ring(70, 70, 90, 90));
  p.holes.push_back(square_ring(75, 75, 80, 80));    // inside the previous one
  p.holes.push_back(square_ring(200, 200, 201, 201));  // outside the shell
  p.holes.push_back(square_ring(0, 40, 5, 45));      // on the shell's edge x = 0
  for (int i = 0; i <= 40; ++i) p.holes.push_back(square_ring(10 + 2 * i, 95, 11 + 2 * i, 96));
  const RepairResult r = repair_polygonal(MultiPolygon{p});
  EXPECT_FALSE(r.was_valid);
  EXPECT_NEAR(planar_area(r.area), 10000.0 - 50 - 16 - 175 - 400 - 25 - 41, 1e-9);
  EXPECT_EQ(validity_reason(r.area), "Valid Geometry");
}

// Parts valid alone and together (an island in another part's lake) are kept
// as they are; parts that overlap are merged. Areas by hand.
TEST(Validity, PartsTogetherIslandInLakeKeptOverlapMerged) {
  MultiPolygon island_in_lake{Polygon{square_ring(0, 0, 10, 10), {square_ring(2, 2, 8, 8)}},
                              Polygon{square_ring(4, 4, 6, 6), {}}};
  island_in_lake.push_back(Polygon{{{20, 0}, {22, 2}, {22, 0}, {20, 2}, {20, 0}}, {}});  // a bow-tie: the whole is invalid
  const RepairResult a = repair_polygonal(island_in_lake);
  EXPECT_FALSE(a.was_valid);
  EXPECT_NEAR(planar_area(a.area), 64.0 + 4.0 + 2.0, 1e-12);
  EXPECT_EQ(a.area.size(), 4u);  // lake shore, island, two triangles
  EXPECT_EQ(validity_reason(a.area), "Valid Geometry");

  const MultiPolygon overlapping{Polygon{square_ring(0, 0, 2, 2), {}}, Polygon{square_ring(1, 1, 3, 3), {}}};
  const RepairResult b = repair_polygonal(overlapping);
  EXPECT_FALSE(b.was_valid);
  EXPECT_NEAR(planar_area(b.area), 7.0, 1e-12);
  EXPECT_EQ(b.area.size(), 1u);
  EXPECT_EQ(validity_reason(b.area), "Valid Geometry");
}
