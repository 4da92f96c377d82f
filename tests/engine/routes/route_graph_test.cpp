#include "engine/routes/route_graph.hpp"

#include <gtest/gtest.h>

using namespace borderflow;
using namespace borderflow::routes;

namespace {
Route line_route(std::string id, std::vector<geometry::LineString> legs, double weight = 1.0, Crime crime = Crime::tip) {
  Route r;
  r.attributes.route_id = std::move(id);
  r.attributes.weight = weight;
  r.attributes.crime = crime;
  for (auto& l : legs) {
    Leg leg;
    leg.mode = Mode::land;
    leg.path = std::move(l);
    r.legs.push_back(std::move(leg));
  }
  return r;
}
}  // namespace

TEST(RouteGraph, LegEndsWithinTheSnapDistanceAreOneNode) {
  // Regression (review): near lon 90, lat 23, two leg ends 0.0025 degree east
  // and 0.003 degree south of each other: about 256 m and 332 m, 419 m apart.
  // The old grid, scaled by each point's own latitude, put them two cells apart.
  const Route a = line_route("A", {{{89.9, 23.0}, {90.0, 23.0}}});
  const Route b = line_route("B", {{{90.0025, 22.997}, {90.1, 22.9}}});
  const RouteGraph g = RouteGraph::build({a, b}, nullptr, GraphOptions{500.0});
  EXPECT_EQ(g.nodes().size(), 3u);  // the two near ends are one node
  const RouteGraph strict = RouteGraph::build({a, b}, nullptr, GraphOptions{300.0});
  EXPECT_EQ(strict.nodes().size(), 4u);
}

TEST(RouteGraph, EdgesMergeByNodesAndModeWithFlowByCrime) {
  const Route a = line_route("A", {{{88.0, 22.0}, {88.5, 22.5}}}, 3.0, Crime::tip);
  const Route b = line_route("B", {{{88.0, 22.0}, {88.5, 22.5}}}, 2.0, Crime::som);
  Route c = line_route("C", {{{88.0, 22.0}, {88.5, 22.5}}}, 4.0);
  c.legs[0].mode = Mode::river;
  const RouteGraph g = RouteGraph::build({a, b, c}, nullptr);
  ASSERT_EQ(g.edges().size(), 2u);  // land and river stay distinct
  EXPECT_DOUBLE_EQ(g.edges()[0].flow, 5.0);
  EXPECT_EQ(g.edges()[0].n_routes, 2u);
  EXPECT_DOUBLE_EQ(g.edges()[0].flow_by_crime[static_cast<int>(Crime::tip)], 3.0);
  EXPECT_DOUBLE_EQ(g.edges()[0].flow_by_crime[static_cast<int>(Crime::som)], 2.0);
  EXPECT_EQ(g.route_edges()[2], std::vector<std::uint32_t>{1});
  ASSERT_EQ(g.leg_edges()[2].size(), 1u);
  EXPECT_EQ(g.leg_edges()[2][0], 1u);
}
