// Weighted grid DBSCAN on cases drawn by hand.
#include "engine/hotspots/dbscan.hpp"

#include <gtest/gtest.h>

using namespace borderflow;
using namespace borderflow::hotspots;

//   x:  0   1   2  ...  10  10.5        eps = 1.5, min weight 3
//       o---*---o        o   o
// Unweighted: 1 has {0, 1, 2} (3) -> core; 0 and 2 have 2 -> border points of
// its cluster; 10 and 10.5 have 2 each -> noise.
TEST(Dbscan, LineByHandUnweighted) {
  const std::vector<geometry::Coord> xy{{0, 0}, {1, 0}, {2, 0}, {10, 0}, {10.5, 0}};
  DbscanOptions o;
  o.eps_m = 1.5;
  o.min_weight = 3;
  const DbscanResult r = dbscan(xy, {}, o);
  EXPECT_EQ(r.core, (std::vector<char>{0, 1, 0, 0, 0}));
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0, 0, -1, -1}));
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_EQ(r.clusters[0].points, 3u);
  EXPECT_EQ(r.clusters[0].core_points, 1u);
  EXPECT_EQ(r.noise, 2u);
}

// With weight 2 on the point at 10.5 both far points reach 3: a second
// cluster, and ties in weight (3 and 3) are ordered by lowest point index.
TEST(Dbscan, LineByHandWeighted) {
  const std::vector<geometry::Coord> xy{{0, 0}, {1, 0}, {2, 0}, {10, 0}, {10.5, 0}};
  const std::vector<double> w{1, 1, 1, 1, 2};
  DbscanOptions o;
  o.eps_m = 1.5;
  o.min_weight = 3;
  const DbscanResult r = dbscan(xy, w, o);
  EXPECT_EQ(r.core, (std::vector<char>{0, 1, 0, 1, 1}));
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0, 0, 1, 1}));
  ASSERT_EQ(r.clusters.size(), 2u);
  EXPECT_DOUBLE_EQ(r.clusters[1].weight, 3.0);
}

// Distance exactly eps counts (as scikit-learn: <= eps).
TEST(Dbscan, DistanceEqualToEpsIsANeighbour) {
  const std::vector<geometry::Coord> xy{{0, 0}, {3, 4}};
  DbscanOptions o;
  o.eps_m = 5;
  o.min_weight = 2;
  const DbscanResult r = dbscan(xy, {}, o);
  EXPECT_EQ(r.core, (std::vector<char>{1, 1}));
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0}));
}

// A border point within eps of core points of two clusters joins the nearer.
//   A-cluster core at 0,0 (weight 3); B-cluster core at 10,0 (weight 3);
//   the point at 6,0 (weight 1) is 6 from A and 4 from B; eps = 6.
TEST(Dbscan, BorderPointJoinsTheNearestCorePoint) {
  const std::vector<geometry::Coord> xy{{0, 0}, {6, 0}, {10, 0}};
  DbscanOptions o;
  o.eps_m = 6;
  o.min_weight = 3;
  const DbscanResult r = dbscan(xy, std::vector<double>{3, 1, 3}, o);
  // 0 has 3 + 1 (the point at 6 is exactly eps away) -> core; 10 has 3 + 1 -> core;
  // 6 has 1 + 3 + 3 = 7 -> core too, joining both: one cluster.
  EXPECT_EQ(r.core, (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(r.clusters.size(), 1u);
  // Now with min weight 5, only the middle point... 0 has 4, 10 has 4, 6 has 7.
  o.min_weight = 5;
  const DbscanResult s = dbscan(xy, std::vector<double>{3, 1, 3}, o);
  EXPECT_EQ(s.core, (std::vector<char>{0, 1, 0}));
  EXPECT_EQ(s.label, (std::vector<std::int32_t>{0, 0, 0}));
}

// Two clusters, {H_A, A} and {B, H_B}, and a light point M between them,
// eps = 5, min weight 3:
//   H_A(-4, w2)  A(0, w1)  M(4.4, w0.1)  B(9, w1)  H_B(13, w2)
// A: 1 + 2 + 0.1 = 3.1 core; B: 1 + 2 + 0.1 = 3.1 core; H_A, H_B: 3 core;
// M: 0.1 + 1 + 1 = 2.1, not core, within eps of A (4.4) and B (4.6): joins A.
TEST(Dbscan, BorderPointBetweenTwoClustersJoinsTheNearerCore) {
  const std::vector<geometry::Coord> xy{{-4, 0}, {0, 0}, {4.4, 0}, {9, 0}, {13, 0}};
  DbscanOptions o;
  o.eps_m = 5;
  o.min_weight = 3;
  const DbscanResult r = dbscan(xy, std::vector<double>{2, 1, 0.1, 1, 2}, o);
  EXPECT_EQ(r.core, (std::vector<char>{1, 1, 0, 1, 1}));
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0, 0, 1, 1}));  // A's cluster weighs 3.1, B's 3
  EXPECT_NEAR(r.clusters[0].weight, 3.1, 1e-12);
}

TEST(Dbscan, HullsAreAreasEvenForOnePoint) {
  const std::vector<geometry::Coord> xy{{100, 100}};
  DbscanOptions o;
  o.eps_m = 40;
  o.min_weight = 1;
  const DbscanResult r = dbscan(xy, {}, o);
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_EQ(r.clusters[0].hull.shell.size(), 9u);  // an octagon, closed
}

TEST(Dbscan, ConvexHullOfASquareWithAPointInside) {
  const auto h = convex_hull({{0, 0}, {2, 0}, {2, 2}, {0, 2}, {1, 1}, {1, 0}});
  EXPECT_EQ(h, (geometry::Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}));
}

TEST(Dbscan, BadInputIsRefused) {
  const std::vector<geometry::Coord> xy{{0, 0}, {1, 1}};
  DbscanOptions o;
  o.eps_m = 0;
  EXPECT_THROW(dbscan(xy, {}, o), std::invalid_argument);
  o = {};
  EXPECT_THROW(dbscan(xy, std::vector<double>{1}, o), std::invalid_argument);
  EXPECT_THROW(dbscan(xy, std::vector<double>{1, -2}, o), std::invalid_argument);
  EXPECT_TRUE(dbscan({}, {}, o).clusters.empty());
}
