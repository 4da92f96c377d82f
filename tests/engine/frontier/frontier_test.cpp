#include "engine/frontier/frontier.hpp"
#include "engine/geometry/planar.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace borderflow;
using geometry::Coord;

namespace {

constexpr double kDegree = 6378137.0 * 3.14159265358979323846 / 180.0;  // metres, plate carrée on a sphere

frontier::BorderUnit square(const std::string& id, double x0, double x1, double y0 = 0, double y1 = 1) {
  frontier::BorderUnit u;
  u.id = id;
  u.area = {geometry::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
  return u;
}

double length(const geometry::MultiLineString& lines) {
  double total = 0;
  for (const auto& l : lines)
    for (std::size_t i = 1; i < l.size(); ++i) total += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return total;
}

}  // namespace

TEST(Frontier, ClassifiesInteriorBoundaryAndOutside) {
  const geometry::Projection proj("+proj=eqc +R=6378137 +units=m +no_defs");
  const frontier::Frontier f({square("A", 0, 1), square("B", 1, 2)}, proj);
  frontier::Frontier::Scratch scratch;
  std::vector<std::uint32_t> units;
  bool land = false;
  f.classify(proj.forward({0.5, 0.5}), units, scratch, &land);
  EXPECT_EQ(units, (std::vector<std::uint32_t>{0}));
  EXPECT_TRUE(land);
  f.classify(proj.forward({1.0, 0.5}), units, scratch, &land);  // on the shared border
  EXPECT_EQ(units, (std::vector<std::uint32_t>{0, 1}));
  f.classify(proj.forward({1.0, 1.0}), units, scratch, &land);  // a shared corner vertex
  EXPECT_EQ(units, (std::vector<std::uint32_t>{0, 1}));
  f.classify(proj.forward({2.5, 0.5}), units, scratch, &land);
  EXPECT_TRUE(units.empty());
  EXPECT_FALSE(land);
  // A ray through a vertex (y = 1 passes through corners): half-open rule counts it once.
  f.classify(proj.forward({-0.5, 1.0}), units, scratch, &land);
  EXPECT_TRUE(units.empty());
}

TEST(Frontier, DerivesOneSharedBorderPerPairAndTheCoast) {
  const geometry::Projection proj("+proj=eqc +R=6378137 +units=m +no_defs");
  // A and B share lon 1 from lat 0 to 1; C touches nobody.
  const frontier::Frontier f({square("B", 1, 2), square("A", 0, 1), square("C", 3, 4)}, proj);
  const auto lines = frontier::derive_borders(f, {});
  ASSERT_EQ(lines.size(), 4u);  // A|B, then the coasts of A, B and C
  EXPECT_EQ(lines[0].unit_a, "A");
  EXPECT_EQ(lines[0].unit_b, "B");
  // The shared side, plus the 5 m of A's top and bottom edges that lie within
  // the snap tolerance of B; the coast below leaves out the same 2 x 5 m.
  EXPECT_NEAR(length(lines[0].path), kDegree + 2 * 5.0, 1e-6);
  EXPECT_EQ(lines[1].unit_a, "A");
  EXPECT_TRUE(lines[1].unit_b.empty());
  // A's coast: its perimeter (4 degrees) less the shared side, less the snap
  // tolerance (5 m) cut from each end of the shared side's neighbours.
  EXPECT_NEAR(length(lines[1].path), 3 * kDegree - 2 * 5.0, 0.5);
  EXPECT_NEAR(length(lines[3].path), 4 * kDegree, 1e-6);  // C: all coast
}

TEST(Frontier, SnapsSliversAndGapsNarrowerThanTheTolerance) {
  const geometry::Projection proj("+proj=eqc +R=6378137 +units=m +no_defs");
  // A overlaps B by 0.00002 degree (2.23 m): the border is one line, A's right
  // side, plus A's top and bottom edges from 5 m before lon 1 to their ends.
  const frontier::Frontier overlap({square("A", 0, 1.00002), square("B", 1, 2)}, proj);
  const auto lines = frontier::derive_borders(overlap, {});
  ASSERT_GE(lines.size(), 1u);
  EXPECT_EQ(lines[0].unit_b, "B");
  EXPECT_EQ(lines[0].path.size(), 1u);
  EXPECT_NEAR(length(lines[0].path), kDegree + 2 * (5.0 + 0.00002 * kDegree), 1e-3);
  // A gap of 0.0002 degree (22 m) is wider than 5 m: no land border; with --snap 50 there is one.
  const frontier::Frontier gap({square("A", 0, 0.9998), square("B", 1, 2)}, proj);
  for (const auto& l : frontier::derive_borders(gap, {})) EXPECT_TRUE(l.unit_b.empty());
  frontier::BorderOptions wide;
  wide.snap_m = 50;
  EXPECT_EQ(frontier::derive_borders(gap, wide)[0].unit_b, "B");
}

// An enclave: B fills a hole of A, which also has 50 lakes far from B (kept
// out of the overlays that grow A near B). By hand: the A|B border is B's
// whole ring (4 degrees), A's coast its outer ring (12 degrees) and the
// lakes' shores (50 x 0.08 degree), B has no coast.
TEST(Frontier, EnclaveInAHoleAmongLakes) {
  const geometry::Projection proj("+proj=eqc +R=6378137 +units=m +no_defs");
  auto ring = [](double x0, double y0, double x1, double y1) {
    return geometry::Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  };
  frontier::BorderUnit a;
  a.id = "A";
  a.area = {geometry::Polygon{ring(0, 0, 3, 3), {ring(1, 1, 2, 2)}}};
  for (int i = 0; i < 50; ++i) a.area[0].holes.push_back(ring(0.1 + 0.05 * i, 0.1, 0.12 + 0.05 * i, 0.12));
  frontier::BorderUnit b;
  b.id = "B";
  b.area = {geometry::Polygon{ring(1, 1, 2, 2), {}}};
  const frontier::Frontier f({a, b}, proj);
  const auto lines = frontier::derive_borders(f, {});
  ASSERT_EQ(lines.size(), 2u);  // A|B, A's coast
  EXPECT_EQ(lines[0].unit_a, "A");
  EXPECT_EQ(lines[0].unit_b, "B");
  EXPECT_NEAR(length(lines[0].path), 4 * kDegree, 1e-6);
  EXPECT_EQ(lines[1].unit_a, "A");
  EXPECT_TRUE(lines[1].unit_b.empty());
  EXPECT_NEAR(length(lines[1].path), (12 + 50 * 0.08) * kDegree, 1e-3);
}

// classify() against GEOS on a frontier big enough for its cell grid (a
// jagged shared border, an enclave in a hole, an island, a lake): for random
// points, every boundary vertex and points a rounding away from the
// boundary's midpoints, the units are those within 1e-6 m of the point
// (GEOSDistance; 0 inside), as the closure is documented.
TEST(Frontier, ClassifyAgreesWithGeosOnJaggedBorders) {
  const geometry::Projection proj("+proj=eqc +R=6378137 +units=m +no_defs");
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> jitter(-0.02, 0.02);
  geometry::Ring border;  // x = 1 + jitter, from y = 0 up to y = 2
  for (int k = 0; k <= 400; ++k) border.push_back({1.0 + (k == 0 || k == 400 ? 0.0 : jitter(rng)), 0.005 * k});
  auto box = [](double x0, double y0, double x1, double y1) {
    return geometry::Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  };
  frontier::BorderUnit a, b, c;
  a.id = "A";
  b.id = "B";
  c.id = "C";
  geometry::Ring a_shell{{0, 0}};
  a_shell.insert(a_shell.end(), border.begin(), border.end());
  a_shell.push_back({0, 2});
  a_shell.push_back({0, 0});
  a.area = {geometry::Polygon{a_shell, {box(0.3, 0.3, 0.6, 0.6), box(0.2, 1.5, 0.4, 1.7)}},  // the enclave's hole, a lake
            geometry::Polygon{box(-0.5, 0.5, -0.2, 0.9), {}}};                                 // an island
  {
    geometry::Ring ring{{2, 0}, {2, 2}};
    for (auto it = border.rbegin(); it != border.rend(); ++it) ring.push_back(*it);
    ring.push_back({2, 0});
    b.area = {geometry::Polygon{ring, {}}};
  }
  c.area = {geometry::Polygon{box(0.3, 0.3, 0.6, 0.6), {}}};
  const frontier::Frontier f({a, b, c}, proj);
  ASSERT_GT(f.index().size(), 800u);

  GEOSContextHandle_t ctx = GEOS_init_r();
  std::vector<GEOSGeometry*> shapes;
  auto ring_of = [&](const geometry::Ring& r) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(r.size()), 2);
    for (std::size_t i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), r[i].x, r[i].y);
    return GEOSGeom_createLinearRing_r(ctx, seq);
  };
  for (const auto& unit : f.units()) {
    std::vector<GEOSGeometry*> parts;
    for (const auto& poly : unit.area) {
      std::vector<GEOSGeometry*> holes;
      for (const auto& h : poly.holes) holes.push_back(ring_of(h));
      parts.push_back(GEOSGeom_createPolygon_r(ctx, ring_of(poly.shell), holes.data(), static_cast<unsigned>(holes.size())));
    }
    shapes.push_back(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())));
  }
  auto reference = [&](Coord p) {
    std::vector<std::uint32_t> in;
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, p.x, p.y);
    for (std::uint32_t u = 0; u < shapes.size(); ++u) {
      double d = 0;
      GEOSDistance_r(ctx, pt, shapes[u], &d);
      if (d <= 1e-6) in.push_back(u);
    }
    GEOSGeom_destroy_r(ctx, pt);
    return in;
  };
  std::vector<Coord> points;
  std::uniform_real_distribution<double> x(-0.6, 2.1), y(-0.1, 2.1);
  for (int k = 0; k < 20000; ++k) points.push_back(proj.forward({x(rng), y(rng)}));
  for (const auto& unit : f.units())
    for (const auto& poly : unit.area)
      for (std::size_t i = 0; i + 1 < poly.shell.size(); i += 3) {
        points.push_back(poly.shell[i]);
        points.push_back(geometry::planar::lerp(poly.shell[i], poly.shell[i + 1], 0.5));
      }
  frontier::Frontier::Scratch scratch;
  std::vector<std::uint32_t> units;
  std::size_t checked = 0, inside = 0;
  for (const Coord p : points) {
    bool land = false;
    f.classify(p, units, scratch, &land);
    const auto expected = reference(p);
    ASSERT_EQ(units, expected) << "at " << p.x << ", " << p.y;
    EXPECT_EQ(land, !expected.empty());
    ++checked;
    inside += !expected.empty();
  }
  EXPECT_GT(inside, 10000u);
  EXPECT_LT(inside, checked);
  for (GEOSGeometry* g : shapes) GEOSGeom_destroy_r(ctx, g);
  GEOS_finish_r(ctx);
}
