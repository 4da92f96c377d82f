// The crossing rules of engine/crossings/crossings.hpp, one test each, on
// small geometries whose answers are worked out by hand.
//
// The working CRS is the plate carrée on a sphere (x = R lon, y = R lat), so
// straight lines in lon/lat stay straight and every crossing point can be
// computed in degrees by hand. One degree is R pi / 180 = 111319.49 m.
//
//   lat
//    1 +--------+--------+           +--------+
//      |   A    |   B    |    sea    |   C    |
//    0 +--------+--------+           +--------+
//      0        1        2           3        4   lon
#include "engine/crossings/crossings.hpp"

#include <gtest/gtest.h>

#include "engine/crossings/analysis.hpp"

using namespace borderflow;
using namespace borderflow::crossings;
using geometry::Coord;

namespace {

constexpr const char* kPlateCarree = "+proj=eqc +R=6378137 +units=m +no_defs";

frontier::BorderUnit square(const std::string& id, double x0, double x1) {
  frontier::BorderUnit u;
  u.id = id;
  u.area = {geometry::Polygon{{{x0, 0}, {x1, 0}, {x1, 1}, {x0, 1}, {x0, 0}}, {}}};
  return u;
}

std::vector<frontier::BorderUnit> abc(double a_max_x = 1.0, double b_min_x = 1.0) {
  return {square("A", 0, a_max_x), square("B", b_min_x, 2), square("C", 3, 4)};
}

routes::Leg leg(std::vector<Coord> path, routes::Mode mode = routes::Mode::land) {
  routes::Leg l;
  l.mode = mode;
  l.path = std::move(path);
  return l;
}

routes::Route route(std::vector<routes::Leg> legs, const std::string& id = "R1", double weight = 2.0) {
  routes::Route r;
  r.attributes.route_id = id;
  r.attributes.weight = weight;
  r.legs = std::move(legs);
  return r;
}

struct Outcome {
  std::vector<Crossing> crossings;
  std::vector<std::string> ids;  // "A>B land", "A>sea coast_out", ...
  Diagnostics diag;
};

Outcome cross(const std::vector<routes::Route>& routes, const std::vector<frontier::BorderUnit>& units = abc(),
          const std::vector<frontier::Port>& ports = {}) {
  const geometry::Projection proj(kPlateCarree);
  const frontier::Frontier f(units, proj);
  Outcome run;
  run.crossings = find_crossings(f, routes, proj, ports, CrossingOptions{}, run.diag).crossings;
  for (const auto& c : run.crossings)
    run.ids.push_back((c.from_unit ? f.units()[*c.from_unit].id : "sea") + ">" +
                      (c.to_unit ? f.units()[*c.to_unit].id : "sea") + " " + std::string(to_string(c.kind)));
  return run;
}

void expect_at(const Crossing& c, double lon, double lat) {
  EXPECT_NEAR(c.lonlat.x, lon, 1e-9);
  EXPECT_NEAR(c.lonlat.y, lat, 1e-9);
}

using Ids = std::vector<std::string>;

frontier::BorderLine line(std::string a, std::string b, geometry::LineString l) {
  frontier::BorderLine out;
  out.unit_a = std::move(a);
  out.unit_b = std::move(b);
  out.path = {std::move(l)};
  return out;
}

}  // namespace

TEST(Crossings, StraightLegCrossesOnceWhereItMeetsTheBorder) {
  const Outcome r = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}})})});
  ASSERT_EQ(r.ids, Ids{"A>B land"});
  expect_at(r.crossings[0], 1.0, 0.5);
  EXPECT_DOUBLE_EQ(r.crossings[0].weight, 2.0);
  EXPECT_NEAR(r.crossings[0].along_leg_m, 0.5 * 111319.4908, 1e-3);  // half a degree along the leg
}

TEST(Crossings, DirectionOfTravelGivesFromAndTo) {
  EXPECT_EQ(cross({route({leg({{1.5, 0.5}, {0.5, 0.5}})})}).ids, Ids{"B>A land"});
}

TEST(Crossings, TouchingTheBorderAndTurningBackIsNoCrossing) {
  EXPECT_TRUE(cross({route({leg({{0.5, 0.5}, {1.0, 0.5}, {0.5, 0.6}})})}).ids.empty());
}

TEST(Crossings, RunningAlongTheBorderCrossesOnceWhereItEndsUpOnTheOtherSide) {
  const Outcome r = cross({route({leg({{0.5, 0.2}, {1.0, 0.2}, {1.0, 0.8}, {1.5, 0.8}})})});
  ASSERT_EQ(r.ids, Ids{"A>B land"});
  expect_at(r.crossings[0], 1.0, 0.8);
  // Along the border and back to where it came from: no crossing.
  EXPECT_TRUE(cross({route({leg({{0.5, 0.2}, {1.0, 0.2}, {1.0, 0.8}, {0.5, 0.8}})})}).ids.empty());
}

TEST(Crossings, SeveralCrossingsAreEachCounted) {
  // (1.5,0.5)->(0.5,0.6) meets lon 1 halfway: lat 0.55; (0.5,0.6)->(1.5,0.7): lat 0.65.
  const Outcome r = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}, {0.5, 0.6}, {1.5, 0.7}})})});
  ASSERT_EQ(r.ids, (Ids{"A>B land", "B>A land", "A>B land"}));
  expect_at(r.crossings[0], 1.0, 0.50);
  expect_at(r.crossings[1], 1.0, 0.55);
  expect_at(r.crossings[2], 1.0, 0.65);
}

TEST(Crossings, StartingOnTheBorderCrossesThereEndingOnItDoesNot) {
  const Outcome starts = cross({route({leg({{1.0, 0.5}, {1.5, 0.5}})})});
  ASSERT_EQ(starts.ids, Ids{"A>B land"});
  expect_at(starts.crossings[0], 1.0, 0.5);
  EXPECT_TRUE(cross({route({leg({{0.5, 0.5}, {1.0, 0.5}})})}).ids.empty());
  // Two legs meeting on the border: one crossing, on the second leg.
  const Outcome chained = cross({route({leg({{0.5, 0.5}, {1.0, 0.5}}), leg({{1.0, 0.5}, {1.5, 0.5}})})});
  ASSERT_EQ(chained.ids, Ids{"A>B land"});
  EXPECT_EQ(chained.crossings[0].leg, 1u);
  expect_at(chained.crossings[0], 1.0, 0.5);
}

TEST(Crossings, ASliverWhereNeighboursOverlapIsOneCrossing) {
  // A reaches to lon 1.01, overlapping B by 0.01 degree: the traveller enters B's
  // own territory at lon 1.01.
  const Outcome r = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}})})}, abc(1.01, 1.0));
  ASSERT_EQ(r.ids, Ids{"A>B land"});
  expect_at(r.crossings[0], 1.01, 0.5);
}

TEST(Crossings, AGapBetweenNeighboursIsOneLandCrossing) {
  // A ends at lon 0.99, B starts at 1.0: a 1.1 km gap, narrower than coast_gap_m (5 km).
  const Outcome r = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}})})}, abc(0.99, 1.0));
  ASSERT_EQ(r.ids, Ids{"A>B land"});
  expect_at(r.crossings[0], 1.0, 0.5);
}

TEST(Crossings, AirLegsMakeNoGroundCrossing) {
  EXPECT_TRUE(cross({route({leg({{0.5, 0.5}, {3.5, 0.5}}, routes::Mode::air)})}).ids.empty());
  // An air leg also breaks the chain: land in A, fly, land in B.
  const Outcome r = cross({route({leg({{0.2, 0.5}, {0.5, 0.5}}), leg({{0.5, 0.5}, {1.5, 0.5}}, routes::Mode::air),
                              leg({{1.5, 0.5}, {1.8, 0.5}})})});
  EXPECT_TRUE(r.ids.empty());
}

TEST(Crossings, SeaLegLeavesOneCoastAndReachesTheOther) {
  // From a port 0.1 degree (11 km) inside B's coast to one 0.1 degree inside C's.
  const Outcome r = cross({route({leg({{1.9, 0.5}, {3.1, 0.5}}, routes::Mode::sea)})});
  ASSERT_EQ(r.ids, (Ids{"B>sea coast_out", "sea>C coast_in"}));
  expect_at(r.crossings[0], 2.0, 0.5);
  expect_at(r.crossings[1], 3.0, 0.5);
  EXPECT_TRUE(r.diag.warnings().empty());
}

TEST(Crossings, SeaLegOverLandIsAWarningNamingTheRoute) {
  // From lon 0.1 to 3.9: land in A (0.9 degree), B (1) and C (0.9), 2.8 degrees =
  // 311.69 km, less the 25 km allowed at each end: 261.7 km.
  const Outcome r = cross({route({leg({{0.1, 0.5}, {3.9, 0.5}}, routes::Mode::sea)}, "SEA7")});
  ASSERT_EQ(r.diag.warnings().size(), 1u);
  EXPECT_NE(r.diag.warnings()[0].message.find("route 'SEA7', leg 1 (sea) runs 261.7 km over land (A, B, C)"),
            std::string::npos) << r.diag.warnings()[0].message;
}

TEST(Crossings, LandLegOverOpenSeaIsAWarningNamingTheRoute) {
  const Outcome r = cross({route({leg({{1.5, 0.5}, {3.5, 0.5}})}, "LAND3")});
  ASSERT_EQ(r.diag.warnings().size(), 1u);
  // Open water from lon 2 to 3: one degree, 111.3 km.
  EXPECT_NE(r.diag.warnings()[0].message.find("route 'LAND3', leg 1 (land) crosses 111.3 km of open water"),
            std::string::npos) << r.diag.warnings()[0].message;
}

TEST(Crossings, CrossingNearAPortIsFormalWithItsDistance) {
  frontier::Port near;
  near.name = "Zero Point";
  near.lonlat = {1.0, 0.52};
  frontier::Port far;
  far.name = "Far Post";
  far.lonlat = {1.0, 0.9};
  const Outcome r = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}})})}, abc(), {far, near});
  ASSERT_EQ(r.crossings.size(), 1u);
  ASSERT_TRUE(r.crossings[0].port);
  EXPECT_EQ(*r.crossings[0].port, 1u);
  // 0.02 degree of latitude near the equator: 0.02 x 110574.4 m (WGS 84 meridian
  // arc per degree at 0-1 N, Bowring's table).
  EXPECT_NEAR(r.crossings[0].port_dist_m, 2211.5, 1.0);
  // Far Post is 0.4 degree (44 km) away: informal.
  const Outcome informal = cross({route({leg({{0.5, 0.5}, {1.5, 0.5}})})}, abc(), {far});
  EXPECT_FALSE(informal.crossings[0].port);
}

TEST(Crossings, OrderAndCountAreIndependentOfThreads) {
  std::vector<routes::Route> many;
  for (int i = 0; i < 500; ++i)
    many.push_back(route({leg({{0.5, 0.01 + i * 0.001}, {1.5, 0.01 + i * 0.001}, {3.5, 0.5}}, routes::Mode::sea)},
                         "R" + std::to_string(i)));
  const geometry::Projection proj(kPlateCarree);
  const frontier::Frontier f(abc(), proj);
  Diagnostics d1, d2;
  CrossingOptions one;
  one.threads = 1;
  CrossingOptions two;
  two.threads = 2;
  const auto a = find_crossings(f, many, proj, {}, one, d1).crossings;
  const auto b = find_crossings(f, many, proj, {}, two, d2).crossings;
  ASSERT_EQ(a.size(), 1500u);  // A>B, B>sea, sea>C per route
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].route, b[i].route);
    EXPECT_EQ(a[i].lonlat, b[i].lonlat);
  }
}

TEST(Crossings, AStopJustOffTheCoastIsALandingInThatUnit) {
  // Only A and C. The route goes by sea to a port 0.02 degree (2.2 km) off C's
  // coast, within coast_gap_m (5 km), and back to A: it lands in C there.
  // Back leg (2.98,0.5)->(0.9,0.6) meets lon 1 at t = 1.98/2.08: lat 0.5 + 0.1 t.
  const std::vector<frontier::BorderUnit> ac = {square("A", 0, 1), square("C", 3, 4)};
  const Outcome r = cross({route({leg({{0.9, 0.5}, {2.98, 0.5}}, routes::Mode::sea),
                                  leg({{2.98, 0.5}, {0.9, 0.6}}, routes::Mode::sea)})},
                          ac);
  ASSERT_EQ(r.ids, (Ids{"A>sea coast_out", "sea>C coast_in", "C>sea coast_out", "sea>A coast_in"}));
  expect_at(r.crossings[1], 2.98, 0.5);
  expect_at(r.crossings[2], 2.98, 0.5);
  expect_at(r.crossings[3], 1.0, 0.5 + 0.1 * 1.98 / 2.08);
  // A route that starts at such a port leaves that unit's coast there.
  const Outcome from_port = cross({route({leg({{2.98, 0.5}, {0.9, 0.5}}, routes::Mode::sea)})}, ac);
  EXPECT_EQ(from_port.ids, (Ids{"C>sea coast_out", "sea>A coast_in"}));
}

TEST(Crossings, ExplicitBorderLinesEncloseTheUnits) {
  // The squares A and B of the map above given as lines: their shared side
  // (A|B) and each one's three coast sides.
  frontier::BorderInput input;
  input.lines = {line("A", "B", {{1, 0}, {1, 1}}), line("A", "", {{1, 1}, {0, 1}, {0, 0}, {1, 0}}),
                 line("B", "", {{1, 0}, {2, 0}, {2, 1}, {1, 1}})};
  Diagnostics d;
  const auto a = analyze_crossings(input, {route({leg({{0.5, 0.5}, {1.5, 0.5}})})}, {}, kPlateCarree, std::nullopt,
                                   std::nullopt, {}, d);
  ASSERT_EQ(a.result.crossings.size(), 1u);
  const auto& c = a.result.crossings[0];
  EXPECT_EQ(a.frontier.units()[*c.from_unit].id, "A");
  EXPECT_EQ(a.frontier.units()[*c.to_unit].id, "B");
  expect_at(c, 1.0, 0.5);
  ASSERT_EQ(a.borders.size(), 3u);
  EXPECT_EQ(a.borders[0].unit_b, "B");  // land border first, as given
  // Lines that close around nothing are an error naming the unit.
  frontier::BorderInput open;
  open.lines = {line("A", "B", {{1, 0}, {1, 1}})};
  try {
    analyze_crossings(open, {}, {}, kPlateCarree, std::nullopt, std::nullopt, {}, d);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("border lines of 'A' do not enclose an area"), std::string::npos) << e.what();
  }
}

TEST(Crossings, BackToTheSameCoastThroughASliverAfterOpenSea) {
  // Regression (review): A overlaps B by 0.01 degree. The route leaves A to the
  // north, 0.5 degree out to sea, comes back into the overlap and goes on into B:
  // it left A's coast and came back to it before crossing into B.
  const Outcome r = cross({route({leg({{0.5, 0.5}, {0.5, 1.5}, {1.005, 1.5}, {1.005, 0.5}, {1.5, 0.5}},
                                      routes::Mode::sea)})},
                          abc(1.01, 1.0));
  ASSERT_EQ(r.ids, (Ids{"A>sea coast_out", "sea>A coast_in", "A>B land"}));
  expect_at(r.crossings[0], 0.5, 1.0);
  expect_at(r.crossings[1], 1.005, 1.0);
  expect_at(r.crossings[2], 1.01, 0.5);
}

TEST(Crossings, EnclaveLinesGiveAUnitWithAHole) {
  // Regression (review): an enclave E inside O, given as lines. O is the square
  // [0,3]^2 less E = [1,2]^2; a route from O into E crosses once, at lon 1.
  frontier::BorderInput input;
  input.lines = {line("O", "", {{0, 0}, {3, 0}, {3, 3}, {0, 3}, {0, 0}}),
                 line("O", "E", {{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}})};
  Diagnostics d;
  const auto a = analyze_crossings(input, {route({leg({{0.5, 1.5}, {1.5, 1.5}})})}, {}, kPlateCarree, std::nullopt,
                                   std::nullopt, {}, d);
  ASSERT_EQ(a.result.crossings.size(), 1u);
  EXPECT_EQ(a.frontier.units()[*a.result.crossings[0].from_unit].id, "O");
  EXPECT_EQ(a.frontier.units()[*a.result.crossings[0].to_unit].id, "E");
  expect_at(a.result.crossings[0], 1.0, 1.5);
}
