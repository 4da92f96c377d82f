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
