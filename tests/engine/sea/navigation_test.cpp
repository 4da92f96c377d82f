// Sea navigation (engine/sea/navigation.hpp) on small hand-drawn coasts whose
// answers are worked out by hand.
//
// Coordinates are metres in a plain metric plane. Default options:
// min_channel 2000 m, so the generalisation tolerance is t = 125 m and the
// clearance r = (1000 - 125) / 1.15 = 760.870 m. The grown land is GEOS's
// buffer with mitre joins, bevelled at 1.1 r = 836.957 m from the corner: a
// square corner (turn of 90 degrees, mitre ratio sqrt 2 > 1.1) is cut by the
// line perpendicular to its bisector 1.1 r out, which meets the offset edges
// b = 1.1 r sqrt 2 - r = 422.766 m from the corner's projection onto them.
// The bottom-left corner (cx, cy) of a rectangle thus becomes the two
// vertices (cx - r, cy - b) and (cx - b, cy - r), joined by a bevel of length
// (r - b) sqrt 2 = 478.151 m. Rectangles of 4 vertices are not generalised
// (Douglas-Peucker has nothing to drop). Graph nodes sit 1 m outside the grown
// land; each turn of a path may therefore lengthen it by at most ~2 m, which
// bounds the tolerances below.
//
// "Never over land" is checked with GEOS (GEOSIntersects of every path
// segment with the given land, repaired), independent of the navigator's own
// grid and predicates.
#include "engine/sea/navigation.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <thread>

#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/validity.hpp"

using namespace borderflow;
using geometry::Coord;
using geometry::MultiPolygon;
using sea::Navigator;
using sea::NavigationOptions;
using sea::SeaPath;

namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {geometry::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

double length_of(const geometry::LineString& l) {
  double s = 0;
  for (std::size_t i = 1; i < l.size(); ++i) s += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return s;
}

// Segments [first, last) of the path that touch the land (GEOS, on the repaired land).
int segments_over_land(const std::vector<MultiPolygon>& land, const geometry::LineString& path, std::size_t first,
                       std::size_t last) {
  namespace gd = geometry::detail;
  GEOSContextHandle_t ctx = gd::geos_context();
  int hits = 0;
  for (const MultiPolygon& unit : land) {
    const MultiPolygon valid = geometry::repair_polygonal(unit).area;
    if (valid.empty()) continue;
    gd::GeomPtr g = gd::to_geos(valid);
    for (std::size_t i = first; i < last && i + 1 < path.size(); ++i) {
      gd::GeomPtr seg = gd::to_geos(geometry::LineString{path[i], path[i + 1]});
      if (GEOSIntersects_r(ctx, g.get(), seg.get()) == 1) ++hits;
    }
  }
  return hits;
}

// Every segment of the path, except a link flagged as over land, is off the land.
void expect_off_land(const std::vector<MultiPolygon>& land, const SeaPath& p) {
  ASSERT_GE(p.path.size(), 2u);
  const std::size_t first = p.start_link_over_land ? 1 : 0;
  const std::size_t last = p.path.size() - 1 - (p.end_link_over_land ? 1 : 0);
  EXPECT_EQ(segments_over_land(land, p.path, first, last), 0);
  EXPECT_NEAR(length_of(p.path), p.length_m, 1e-6);
}

}  // namespace

//   y
//  3000 +---------------------+
//       |       island        |
//  -1000+---------------------+
//   A (-10000, 0)  x: -5000 .. 5000     B (10000, 0)
//
// Straight A-B is blocked. South of the island the grown coast is the line
// y = -1760.870 between the buffer vertices V3 = (-5422.766, -1760.870) and
// V4 = (5422.766, -1760.870); A sees V3 directly (at x = -5760.870 the line
// A-V3 is at y = -1630.8, below the bevel's other end (-5760.870, -1422.766)).
// So the path is A, V3, V4, B:
//   2 sqrt(4577.234^2 + 1760.870^2) + 2 * 5422.766 = 2 * 4904.257 + 10845.531 = 20654.05 m.
// North it would be 2 sqrt(4577.234^2 + 3760.870^2) + 10845.531 = 22693.8 m, longer.
TEST(SeaNavigator, GoesAroundAnIslandOnTheShorterSide) {
  const std::vector<MultiPolygon> land{rect(-5000, -1000, 5000, 3000)};
  const Navigator nav(land, NavigationOptions{});
  const auto p = nav.route({-10000, 0}, {10000, 0});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->length_m, 20654.05, 4.0);
  ASSERT_EQ(p->path.size(), 4u);
  EXPECT_EQ(p->path.front(), (Coord{-10000, 0}));
  EXPECT_EQ(p->path.back(), (Coord{10000, 0}));
  EXPECT_NEAR(p->path[1].y, -1761.870, 0.5);  // the south side, 1 m off the grown coast
  EXPECT_NEAR(p->path[2].y, -1761.870, 0.5);
  EXPECT_DOUBLE_EQ(p->start_link_m, 0.0);
  EXPECT_FALSE(p->start_link_over_land);
  expect_off_land(land, *p);
  // Open water: the straight line, exactly.
  const auto open = nav.route({-10000, 5000}, {10000, 5000});
  ASSERT_TRUE(open);
  EXPECT_EQ(open->path.size(), 2u);
  EXPECT_DOUBLE_EQ(open->length_m, 20000.0);
}

//        A (0, 5000)
//  1000 +-----------+  gap  +-----------+
//       |   west    |<- w ->|   east    |
// -1000 +-----------+       +-----------+
//    -30000       -w/2     w/2        30000
//        B (0, -5000)
//
// w = 2500 m (> min_channel): open. The free gap is 2500 - 2 * 760.870 =
// 978 m wide around x = 0, so the path is the straight line, 10000 m.
// w = 1000 m (< 2 (r - t) = 1272 m): closed. The path goes round an end of
// the wall: A, P1 = (30422.766, -1760.870), the bevel to P2 = (30760.870,
// -1422.766), up the end face x = 30760.870 (2845.531 m), the bevel, B. A
// does not see P2 (the line A-P2 is at y = -1462.1 at P1's x: inside the
// grown land).
//   2 (sqrt(30422.766^2 + 3239.130^2) + 478.151) + 2845.531
//   = 2 (30594.716 + 478.151) + 2845.531 = 64991.27 m.
TEST(SeaNavigator, StraitWiderThanMinChannelIsOpenNarrowerIsClosed) {
  for (const double w : {2500.0, 1000.0}) {
    SCOPED_TRACE(w);
    const std::vector<MultiPolygon> land{rect(-30000, -1000, -w / 2, 1000), rect(w / 2, -1000, 30000, 1000)};
    const Navigator nav(land, NavigationOptions{});
    const auto p = nav.route({0, -5000}, {0, 5000});
    ASSERT_TRUE(p);
    if (w > 2000) {
      EXPECT_EQ(p->path.size(), 2u);
      EXPECT_DOUBLE_EQ(p->length_m, 10000.0);
    } else {
      EXPECT_NEAR(p->length_m, 64991.27, 12.0);
      EXPECT_GT(std::abs(p->path[1].x), 29000.0);
    }
    expect_off_land(land, *p);
  }
}

// Two neighbouring units whose shared border is digitised with a 50 m gap
// (a sliver of "water" between them). The sliver is not a strait: from
// A (0, -5000) to B (0, 5000) the path goes round the pair, as in the closed
// strait above but with ends at x = +-20000:
//   2 (sqrt(20422.766^2 + 3239.130^2) + 478.151) + 2845.531
//   = 2 (20678.040 + 478.151) + 2845.531 = 45157.91 m.
TEST(SeaNavigator, SliverBetweenNeighboursIsClosed) {
  const std::vector<MultiPolygon> land{rect(-20000, -1000, -25, 1000), rect(25, -1000, 20000, 1000)};
  const Navigator nav(land, NavigationOptions{});
  const auto p = nav.route({0, -5000}, {0, 5000});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->length_m, 45157.91, 12.0);
  expect_off_land(land, *p);
}

//  sea                 | land (0..100000)^2
//  S (-20000, 50000)   |  P (10000, 50000), 10 km inland
//
// P is linked to the nearest grown coast, x = -760.870, nudged 1 m out: link
// P -> (-761.870, 50000), 10761.870 m, over land; then straight to S: 30000 m
// in all. Q (50000, 50000) is 50761 m from the grown coast, beyond port_reach_m.
TEST(SeaNavigator, PortInlandGetsOneFlaggedLinkAndTheRestOverWater) {
  const std::vector<MultiPolygon> land{rect(0, 0, 100000, 100000)};
  const Navigator nav(land, NavigationOptions{});
  const auto p = nav.route({10000, 50000}, {-20000, 50000});
  ASSERT_TRUE(p);
  ASSERT_EQ(p->path.size(), 3u);
  EXPECT_NEAR(p->path[1].x, -761.8696, 1e-3);
  EXPECT_NEAR(p->path[1].y, 50000.0, 1e-6);
  EXPECT_NEAR(p->start_link_m, 10761.8696, 1e-3);
  EXPECT_TRUE(p->start_link_over_land);
  EXPECT_FALSE(p->end_link_over_land);
  EXPECT_DOUBLE_EQ(p->end_link_m, 0.0);
  EXPECT_NEAR(p->length_m, 30000.0, 1e-6);
  expect_off_land(land, *p);
  EXPECT_EQ(segments_over_land(land, p->path, 0, 1), 1);  // the flagged link is indeed over land

  // Reversed: the end link is the flagged one.
  const auto r = nav.route({-20000, 50000}, {10000, 50000});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->end_link_over_land);
  EXPECT_NEAR(r->end_link_m, 10761.8696, 1e-3);

  EXPECT_FALSE(nav.route({50000, 50000}, {-20000, 50000}));  // too far inland
  EXPECT_FALSE(nav.route({50000, 50000}, {50000, 55000}));   // two inland places beyond reach
}

// A point at sea but inside the closed coastal margin (300 m off the coast,
// closer than the 761 m clearance) links to the grown coast without being
// over land: (-300, 25000) -> (-761.870, 25000), 461.870 m.
TEST(SeaNavigator, EndInTheCoastalMarginLinksWithoutCrossingLand) {
  const std::vector<MultiPolygon> land{rect(0, 0, 50000, 50000)};
  const Navigator nav(land, NavigationOptions{});
  const auto p = nav.route({-300, 25000}, {-20000, 25000});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->start_link_m, 461.8696, 1e-3);
  EXPECT_FALSE(p->start_link_over_land);
  EXPECT_NEAR(p->length_m, 19700.0, 1e-6);
  expect_off_land(land, *p);
}

//  +---------------------------+ 60000
//  |  land   +---------+       |
//  |         |  lake L |       |
//  |         +---------+       |
//  +---------------------------+ 0
//  S (-10000, 30000) at sea; lake (20000..40000)^2, L = (30000, 30000).
// The lake is another water body: no water path from the sea. Inside the
// lake a leg is the straight line.
TEST(SeaNavigator, LakeAndSeaAreDifferentWaterBodies) {
  MultiPolygon land = rect(0, 0, 60000, 60000);
  land[0].holes.push_back({{20000, 20000}, {20000, 40000}, {40000, 40000}, {40000, 20000}, {20000, 20000}});
  const Navigator nav({land}, NavigationOptions{});
  EXPECT_FALSE(nav.route({30000, 30000}, {-10000, 30000}));
  EXPECT_FALSE(nav.route({-10000, 30000}, {30000, 30000}));
  const auto in_lake = nav.route({25000, 30000}, {35000, 30000});
  ASSERT_TRUE(in_lake);
  EXPECT_DOUBLE_EQ(in_lake->length_m, 10000.0);
}

//  -20000                                40000
//  +--------------------------------------+ 60000
//  |  land   +--------+                   |
//  |         | lagoon |  P (17000, 30000)  |      S (50000, 30000) at sea
//  |         +--------+                   |
//  +--------------------------------------+ 0
//  lagoon (2000..15000) x (20000..40000); the west coast is beyond reach.
// A port on land whose nearest water is a lagoon (another water body) still
// reaches the sea within port_reach_m: P links east to the grown coast at
// x = 40760.870 (+1 m), 23761.870 m; then 9238.130 m to S: 33000 m in all.
// To a point L (8000, 30000) in the lagoon it links to the lagoon's grown
// shore x = 15000 - 760.870 (-1 m): 2761.870 m, then 6238.130 m: 9000 m.
TEST(SeaNavigator, PortNearALagoonStillReachesTheSea) {
  MultiPolygon land = rect(-20000, 0, 40000, 60000);
  land[0].holes.push_back({{2000, 20000}, {2000, 40000}, {15000, 40000}, {15000, 20000}, {2000, 20000}});
  const Navigator nav({land}, NavigationOptions{});
  const auto to_sea = nav.route({17000, 30000}, {50000, 30000});
  ASSERT_TRUE(to_sea);
  EXPECT_NEAR(to_sea->start_link_m, 23761.8696, 1e-3);
  EXPECT_TRUE(to_sea->start_link_over_land);
  EXPECT_NEAR(to_sea->length_m, 33000.0, 1e-6);
  const auto to_lagoon = nav.route({17000, 30000}, {8000, 30000});
  ASSERT_TRUE(to_lagoon);
  EXPECT_NEAR(to_lagoon->start_link_m, 2761.8696, 1e-3);
  EXPECT_NEAR(to_lagoon->length_m, 9000.0, 1e-6);
  EXPECT_FALSE(nav.route({8000, 30000}, {50000, 30000}));  // a boat in the lagoon cannot reach the sea
}

// A bow-tie ring (self-intersecting at (5000, 5000)) is repaired, not
// rejected; its two triangles, grown, block the direct line, and the path
// goes round them without touching either.
//   (0,10000) +   + (10000,10000)
//             |\ /|
//             | X |
//             |/ \|
//   (0,0)     +   + (10000,0)
TEST(SeaNavigator, InvalidBowTieDoesNotThrow) {
  const std::vector<MultiPolygon> land{
      {geometry::Polygon{{{0, 0}, {10000, 10000}, {10000, 0}, {0, 10000}, {0, 0}}, {}}}};
  std::optional<Navigator> nav;
  ASSERT_NO_THROW(nav.emplace(land, NavigationOptions{}));
  const auto p = nav->route({-5000, 5000}, {15000, 5000});
  ASSERT_TRUE(p);
  EXPECT_GT(p->length_m, 20000.0);
  expect_off_land(land, *p);
}

// Degenerate and broken input: an empty unit, a ring with NaN vertices, a
// two-point "ring", and no land at all.
TEST(SeaNavigator, DegenerateInputNeverThrows) {
  const double nan = std::nan("");
  std::vector<MultiPolygon> land{
      {},
      {geometry::Polygon{{{0, 0}, {nan, 5}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}}, {}}},
      {geometry::Polygon{{{5000, 5000}, {6000, 6000}}, {}}},
  };
  ASSERT_NO_THROW(Navigator(land, NavigationOptions{}));
  const Navigator none({}, NavigationOptions{});
  const auto p = none.route({0, 0}, {3000, 4000});
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->length_m, 5000.0);
  EXPECT_EQ(none.node_count(), 0u);
  EXPECT_FALSE(none.route({nan, 0}, {3000, 4000}));  // a non-finite end has no water path
}

namespace {

// An archipelago: 40 islands of random size and shape (seeded), plus a coast.
std::vector<MultiPolygon> archipelago() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<MultiPolygon> land;
  land.push_back(rect(-100000, -100000, 0, 300000));  // the mainland, west
  for (int i = 0; i < 40; ++i) {
    const double cx = 20000 + 260000 * u(rng), cy = 20000 + 260000 * u(rng), rad = 2000 + 8000 * u(rng);
    geometry::Ring ring;
    const int n = 7 + static_cast<int>(u(rng) * 20);
    for (int k = 0; k < n; ++k) {
      const double a = 2 * M_PI * k / n, rr = rad * (0.5 + 0.5 * u(rng));
      ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
    }
    ring.push_back(ring.front());
    land.push_back({geometry::Polygon{ring, {}}});
  }
  return land;
}

std::vector<std::pair<Coord, Coord>> legs(int n) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> ux(-3000, 300000), uy(0, 300000);
  std::vector<std::pair<Coord, Coord>> out;
  for (int i = 0; i < n; ++i) out.push_back({{ux(rng), uy(rng)}, {ux(rng), uy(rng)}});
  return out;
}

}  // namespace

// Random legs among the islands: every path is off the land (except flagged
// links), at least as long as the straight line, and a path that the
// navigator finds from A to B has the same length from B to A.
TEST(SeaNavigator, RandomLegsInAnArchipelagoStayOffLand) {
  const auto land = archipelago();
  const Navigator nav(land, NavigationOptions{});
  int routed = 0;
  for (const auto& [a, b] : legs(60)) {
    const auto p = nav.route(a, b);
    if (!p) continue;
    ++routed;
    expect_off_land(land, *p);
    EXPECT_GE(p->length_m, std::hypot(b.x - a.x, b.y - a.y) - 1e-6);
    const auto back = nav.route(b, a);
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->length_m, p->length_m, 1e-6 * p->length_m);
  }
  EXPECT_GT(routed, 50);
}

// Same paths for 1 and 2 build threads, and for queries run sequentially or
// from two threads at once (in a different order).
TEST(SeaNavigator, SameResultForAnyThreadCount) {
  const auto land = archipelago();
  NavigationOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const Navigator a(land, one), b(land, two);
  EXPECT_EQ(a.node_count(), b.node_count());
  const auto qs = legs(80);
  std::vector<std::optional<SeaPath>> ra, rb(qs.size());
  for (const auto& [f, t] : qs) ra.push_back(a.route(f, t));
  std::thread t1([&] {
    for (std::size_t i = 0; i < qs.size(); i += 2) rb[i] = b.route(qs[i].first, qs[i].second);
  });
  std::thread t2([&] {
    for (std::size_t i = qs.size(); i-- > 0;)
      if (i % 2 == 1) rb[i] = b.route(qs[i].first, qs[i].second);
  });
  t1.join();
  t2.join();
  for (std::size_t i = 0; i < qs.size(); ++i) {
    ASSERT_EQ(ra[i].has_value(), rb[i].has_value()) << i;
    if (!ra[i]) continue;
    EXPECT_EQ(ra[i]->path, rb[i]->path) << i;
    EXPECT_EQ(ra[i]->length_m, rb[i]->length_m) << i;
  }
}

namespace {

// Reference: the exact shortest path among polygons by brute force, written
// independently of the navigator: a full visibility graph over every polygon
// vertex, a segment being visible when it misses the polygons shrunk by 1 cm
// (GEOS, prepared), then Dijkstra (O(V^2)).
class ReferencePaths {
 public:
  explicit ReferencePaths(const MultiPolygon& area) {
    namespace gd = geometry::detail;
    GEOSContextHandle_t ctx = gd::geos_context();
    for (const auto& p : area) {
      for (std::size_t i = 0; i + 1 < p.shell.size(); ++i) pts_.push_back(p.shell[i]);
      for (const auto& h : p.holes)
        for (std::size_t i = 0; i + 1 < h.size(); ++i) pts_.push_back(h[i]);
    }
    gd::GeomPtr g = gd::to_geos(area);
    shrunk_.reset(GEOSBuffer_r(ctx, g.get(), -0.01, 8));
    prepared_ = GEOSPrepare_r(ctx, shrunk_.get());
    const std::size_t n = pts_.size();
    vis_.assign(n * n, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) vis_[i * n + j] = vis_[j * n + i] = visible(pts_[i], pts_[j]);
  }
  ~ReferencePaths() { GEOSPreparedGeom_destroy_r(geometry::detail::geos_context(), prepared_); }

  bool visible(Coord a, Coord b) const {
    geometry::detail::GeomPtr seg = geometry::detail::to_geos(geometry::LineString{a, b});
    return GEOSPreparedIntersects_r(geometry::detail::geos_context(), prepared_, seg.get()) == 0;
  }

  double length(Coord a, Coord b) const {
    if (visible(a, b)) return std::hypot(b.x - a.x, b.y - a.y);
    const std::size_t n = pts_.size();
    std::vector<double> d(n, INFINITY);
    std::vector<char> done(n, 0);
    for (std::size_t i = 0; i < n; ++i)
      if (visible(a, pts_[i])) d[i] = std::hypot(pts_[i].x - a.x, pts_[i].y - a.y);
    double best = INFINITY;
    for (;;) {
      std::size_t u = n;
      for (std::size_t i = 0; i < n; ++i)
        if (!done[i] && (u == n || d[i] < d[u])) u = i;
      if (u == n || d[u] >= best) break;
      done[u] = 1;
      if (visible(pts_[u], b)) best = std::min(best, d[u] + std::hypot(b.x - pts_[u].x, b.y - pts_[u].y));
      for (std::size_t v = 0; v < n; ++v)
        if (vis_[u * n + v]) d[v] = std::min(d[v], d[u] + std::hypot(pts_[v].x - pts_[u].x, pts_[v].y - pts_[u].y));
    }
    return best;
  }

 private:
  std::vector<Coord> pts_;
  std::vector<char> vis_;
  geometry::detail::GeomPtr shrunk_;
  const GEOSPreparedGeometry* prepared_ = nullptr;
};

}  // namespace

// Against the brute-force reference, on 8 random islands in a 100 km sea
// with channels at least 4 km wide between them:
//  * around the navigator's own obstacles, its path is the shortest one up to
//    the 1 m nudges of its nodes (at most ~2 m per turn): this pins the lazy,
//    tangent-pruned, taut-pruned A* to the exact optimum;
//  * around the given land (the "true" shortest water path at the data's
//    resolution) it is never shorter and, for legs over 30 km, within 3 %.
TEST(SeaNavigator, LengthMatchesBruteForceShortestPath) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<MultiPolygon> land;
  MultiPolygon all;
  std::vector<std::array<double, 3>> placed;  // centre x, y, radius
  while (placed.size() < 8) {
    const double cx = 15000 + 70000 * u(rng), cy = 15000 + 70000 * u(rng), rad = 2000 + 6000 * u(rng);
    // Channels between islands at least 4 km wide (> min_channel), so that
    // the navigable water is the whole sea and the reference is the truth.
    bool clear = true;
    for (const auto& q : placed) clear = clear && std::hypot(cx - q[0], cy - q[1]) > rad + q[2] + 4000;
    if (!clear) continue;
    placed.push_back({cx, cy, rad});
    geometry::Ring ring;
    const int n = 6 + static_cast<int>(u(rng) * 6);
    for (int k = 0; k < n; ++k) {
      const double a = 2 * M_PI * k / n, rr = rad * (0.6 + 0.4 * u(rng));
      ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
    }
    ring.push_back(ring.front());
    land.push_back({geometry::Polygon{ring, {}}});
  }
  for (const auto& m : land) all.push_back(m[0]);
  const MultiPolygon land_union = geometry::union_polygons(all);
  const Navigator nav(land, NavigationOptions{});
  const ReferencePaths around_obstacles(nav.obstacles());
  const ReferencePaths around_land(land_union);
  int compared = 0;
  for (int i = 0; i < 40; ++i) {
    const Coord a{100000 * u(rng), 100000 * u(rng)}, b{100000 * u(rng), 100000 * u(rng)};
    const auto p = nav.route(a, b);
    if (!p || p->start_link_m > 0 || p->end_link_m > 0) continue;  // ends in the margin: links, not compared
    ++compared;
    const double ref = around_obstacles.length(a, b);
    const int turns = static_cast<int>(p->path.size()) - 2;
    EXPECT_GE(p->length_m, ref - 1e-6) << i;
    EXPECT_LE(p->length_m, ref + 2.0 * turns + 1e-6) << i;
    const double truth = around_land.length(a, b);
    EXPECT_GE(p->length_m, truth - 1e-6) << i;
    if (truth > 30000) {
      EXPECT_LE(p->length_m, 1.03 * truth) << i;
    }
  }
  EXPECT_GT(compared, 25);
}

namespace {

//  -10000        0                      60000
//    S          +-------------------------+ 60000
//    *          |  land   [] pond P        |
//               |  (100 ponds of 400 m,    |
//               |   one at P (5000,30000)) |
//               +-------------------------+ 0
// Ponds narrower than twice the clearance (2 x 760.870 m) are filled when the
// land is grown: a boat in the pond at P is on land for the navigator, linked
// west over land to the grown coast at x = -760.870 (-1 m nudge): 5761.870 m,
// then 9238.130 m to S (-10000, 30000): 15000 m in all, straight west.
TEST(SeaNavigator, PondsTheGrowthFillsAreLand) {
  MultiPolygon land = rect(0, 0, 60000, 60000);
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) {
      const double x = 5000 + 5000 * i, y = 5000 + 5000 * j;
      land[0].holes.push_back({{x - 200, y - 200}, {x - 200, y + 200}, {x + 200, y + 200}, {x + 200, y - 200}, {x - 200, y - 200}});
    }
  // P's pond: the one at (5000, 30000).
  const Navigator nav({land}, NavigationOptions{});
  const auto p = nav.route({5000, 30000}, {-10000, 30000});
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->start_link_over_land);
  EXPECT_NEAR(p->start_link_m, 5761.8696, 1e-3);
  EXPECT_NEAR(p->length_m, 15000.0, 1e-6);
  // The obstacle is the grown square, without holes: no pond survived.
  ASSERT_EQ(nav.obstacles().size(), 1u);
  EXPECT_TRUE(nav.obstacles()[0].holes.empty());
}

}  // namespace
