// The corridor analysis on the bundled Bangladesh sample: the top corridor and
// the checkpoint ranking come out and make sense.
#include <gtest/gtest.h>

#include "engine/corridors/analysis.hpp"
#include "engine/corridors/paths.hpp"
#include "geodata/graph_output.hpp"
#include "geodata/load.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using borderflow::test::sample;

namespace {

const geodata::LoadedInputs& inputs() {
  static const geodata::LoadedInputs in = [] {
    geodata::LoadOptions o;
    o.borders = sample("countries.gpkg") + ":countries";
    o.places = sample("places.csv");
    o.routes = sample("routes_illustrative.csv");
    return geodata::load_inputs(o);
  }();
  return in;
}

}  // namespace

TEST(SampleCorridors, TheSeaRouteOffRakhineIsTheTopCorridorAndCheckpoint) {
  const auto a = corridors::analyze_corridors(inputs().routes.routes, &inputs().places);
  // Every sea route from Cox's Bazar, Teknaf and Shah Porir Dwip to Thailand,
  // Malaysia and Aceh passes the waypoints off the Rakhine coast and west of
  // Cape Negrais: that chain carries the most flow, and a checkpoint there
  // intercepts more of the recorded flow than any other.
  ASSERT_FALSE(a.corridors.empty());
  std::vector<std::string> top;
  for (std::uint32_t v : a.corridors[0].nodes) top.push_back(geodata::node_label(a.graph, v));
  EXPECT_EQ(top.front(), "Bay of Bengal (off Rakhine coast)");
  EXPECT_NE(std::find(top.begin(), top.end(), "Bay of Bengal (west of Cape Negrais)"), top.end());
  ASSERT_GE(a.checkpoints.size(), 3u);
  EXPECT_TRUE(a.checkpoints[0].is_node);
  EXPECT_EQ(geodata::node_label(a.graph, a.checkpoints[0].id), "Bay of Bengal (off Rakhine coast)");
  // Its share is the weight of all routes through it over the total weight.
  double total = 0.0, through = 0.0;
  for (std::size_t r = 0; r < a.graph.route_edges().size(); ++r) {
    total += a.graph.route_weights()[r];
    for (std::uint32_t e : a.graph.route_edges()[r])
      if (a.graph.edges()[e].to == a.checkpoints[0].id) {
        through += a.graph.route_weights()[r];
        break;
      }
  }
  EXPECT_NEAR(a.checkpoints[0].share, through / total, 1e-12);
  // The ranking never increases, and shares add up to at most 1.
  double sum = 0.0;
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    if (i) {
      EXPECT_LE(a.checkpoints[i].intercepted_flow, a.checkpoints[i - 1].intercepted_flow);
    }
    sum += a.checkpoints[i].share;
  }
  EXPECT_LE(sum, 1.0 + 1e-12);
  // Edge flows add up to the weight of every leg of every route.
  double legs_weight = 0.0, edge_flow = 0.0;
  for (std::size_t r = 0; r < a.graph.route_edges().size(); ++r)
    legs_weight += a.graph.route_weights()[r] * static_cast<double>(a.graph.route_edges()[r].size());
  for (const auto& e : a.graph.edges()) edge_flow += e.flow;
  EXPECT_NEAR(edge_flow, legs_weight, 1e-9);
}

TEST(SampleCorridors, PathsFromCoxsBazarToKualaLumpur) {
  const auto g = routes::RouteGraph::build(inputs().routes.routes, &inputs().places);
  const auto from = g.find_node("Coxs Bazar", &inputs().places);
  const auto to = g.find_node("Kuala Lumpur", &inputs().places);
  ASSERT_TRUE(from && to);
  const auto paths = corridors::k_shortest_paths(g, *from, *to, 3);
  ASSERT_EQ(paths.size(), 3u);
  for (std::size_t i = 1; i < paths.size(); ++i) EXPECT_GE(paths[i].length_m, paths[i - 1].length_m);
  // The shortest path's length is the sum of its edges' geodesic lengths.
  double sum = 0.0;
  for (std::uint32_t e : paths[0].edges) sum += g.edges()[e].length_m;
  EXPECT_DOUBLE_EQ(paths[0].length_m, sum);
  EXPECT_EQ(geodata::node_label(g, paths[0].nodes.front()), "Cox's Bazar");
  EXPECT_EQ(geodata::node_label(g, paths[0].nodes.back()), "Kuala Lumpur");
}
