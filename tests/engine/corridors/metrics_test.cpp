// Corridor metrics on a small graph drawn below; every expected value is
// worked out by hand in the comments.
//
//        R1 (weight 3): A -> B -> C -> D      edge lengths:  A->B 1, B->C 1, C->D 1
//        R2 (weight 2): E -> B -> D                          B->D 2, E->B 1
//
//     A --e0--> B --e1--> C
//               ^ |         |
//               | +--e3--> D <--e2--+
//     E --e4----+
#include "engine/corridors/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/corridors/paths.hpp"

using namespace borderflow;
using namespace borderflow::corridors;
using routes::GraphEdge;
using routes::GraphNode;
using routes::RouteGraph;

namespace {

enum : std::uint32_t { A, B, C, D, E };

RouteGraph sample_graph() {
  std::vector<GraphNode> nodes;
  for (const char* name : {"A", "B", "C", "D", "E"}) nodes.push_back({name, "town", "", {0, 0}, std::nullopt});
  nodes[C].country = "X";
  nodes[D].country = "Y";
  auto edge = [](std::uint32_t f, std::uint32_t t, double len, double flow) {
    GraphEdge e;
    e.from = f;
    e.to = t;
    e.mode = routes::Mode::land;
    e.length_m = len;
    e.flow = flow;
    return e;
  };
  std::vector<GraphEdge> edges = {edge(A, B, 1, 3), edge(B, C, 1, 3), edge(C, D, 1, 3), edge(B, D, 2, 2),
                                  edge(E, B, 1, 2)};
  return RouteGraph::from_parts(nodes, edges, {{0, 1, 2}, {4, 3}}, {3.0, 2.0});
}

}  // namespace

TEST(Metrics, NodeFlows) {
  const NodeFlows f = node_flows(sample_graph());
  EXPECT_DOUBLE_EQ(f.flow_in[B], 5.0);   // A->B 3 + E->B 2
  EXPECT_DOUBLE_EQ(f.flow_out[B], 5.0);  // B->C 3 + B->D 2
  EXPECT_DOUBLE_EQ(f.flow_in[D], 5.0);
  EXPECT_EQ(f.degree[B], 4u);
}

TEST(Metrics, BetweennessMatchesHandCount) {
  // Shortest paths: A->D and E->D tie (A-B-C-D and A-B-D, both 3), B->D ties
  // (B-C-D and B-D, both 2). B lies on A->C, A->D, E->C, E->D: 4. C carries half
  // of A->D, E->D and B->D: 1.5.
  const Betweenness bc = betweenness(sample_graph());
  EXPECT_DOUBLE_EQ(bc.node[A], 0.0);
  EXPECT_DOUBLE_EQ(bc.node[B], 4.0);
  EXPECT_DOUBLE_EQ(bc.node[C], 1.5);
  EXPECT_DOUBLE_EQ(bc.node[D], 0.0);
  // Edges: A->B on A->B, A->C, A->D: 3. B->C on A->C, E->C, B->C and half of
  // A->D, E->D, B->D: 4.5. C->D: C->D and half of three: 2.5. B->D: 1.5.
  EXPECT_DOUBLE_EQ(bc.edge[0], 3.0);
  EXPECT_DOUBLE_EQ(bc.edge[1], 4.5);
  EXPECT_DOUBLE_EQ(bc.edge[2], 2.5);
  EXPECT_DOUBLE_EQ(bc.edge[3], 1.5);
  EXPECT_DOUBLE_EQ(bc.edge[4], 3.0);
  const Betweenness one_thread = betweenness(sample_graph(), 1);
  EXPECT_EQ(one_thread.node, bc.node);
}

TEST(Metrics, BetweennessFromSourcesSumsOnlyThoseSources) {
  // From A alone: B lies on A->C and A->D (2); C on half of A->D (0.5).
  // Edges: A->B on A->B, A->C, A->D (3); B->C on A->C and half of A->D (1.5);
  // C->D and B->D half of A->D each (0.5).
  const Betweenness from_a = betweenness_from_sources(sample_graph(), {A});
  EXPECT_DOUBLE_EQ(from_a.node[B], 2.0);
  EXPECT_DOUBLE_EQ(from_a.node[C], 0.5);
  EXPECT_DOUBLE_EQ(from_a.edge[0], 3.0);
  EXPECT_DOUBLE_EQ(from_a.edge[1], 1.5);
  EXPECT_DOUBLE_EQ(from_a.edge[2], 0.5);
  EXPECT_DOUBLE_EQ(from_a.edge[3], 0.5);
  EXPECT_DOUBLE_EQ(from_a.edge[4], 0.0);
  // Every node once is the exact betweenness; a source listed twice counts twice.
  const Betweenness all = betweenness_from_sources(sample_graph(), {A, B, C, D, E});
  EXPECT_EQ(all.node, betweenness(sample_graph()).node);
  EXPECT_EQ(all.edge, betweenness(sample_graph()).edge);
  EXPECT_DOUBLE_EQ(betweenness_from_sources(sample_graph(), {A, A}).node[B], 4.0);
  EXPECT_THROW(betweenness_from_sources(sample_graph(), {5}), std::invalid_argument);
}

TEST(Metrics, FlowWeightedBetweennessSplitsEachRouteOverItsShortestPaths) {
  // R1 puts 3 on A->D, split over its two shortest paths (A-B-C-D and A-B-D);
  // R2 puts 2 on E->D likewise. B carries 3 + 2; C carries half of each: 2.5.
  const Betweenness od = od_betweenness(sample_graph());
  EXPECT_DOUBLE_EQ(od.node[A], 0.0);
  EXPECT_DOUBLE_EQ(od.node[B], 5.0);
  EXPECT_DOUBLE_EQ(od.node[C], 2.5);
  EXPECT_DOUBLE_EQ(od.node[D], 0.0);
  EXPECT_DOUBLE_EQ(od.edge[0], 3.0);  // A->B
  EXPECT_DOUBLE_EQ(od.edge[1], 2.5);  // B->C: 1.5 + 1
  EXPECT_DOUBLE_EQ(od.edge[2], 2.5);  // C->D
  EXPECT_DOUBLE_EQ(od.edge[3], 2.5);  // B->D
  EXPECT_DOUBLE_EQ(od.edge[4], 2.0);  // E->B
}

TEST(Metrics, CorridorsAreChainsBetweenJunctionsRankedByFlow) {
  // B has 4 neighbours (junction), A and E one; C and D two. Chains: A-B, E-B
  // and the loop B-C-D-B, whose flow is the length-weighted mean of its links:
  // (3x1 + 3x1 + 2x2) / 4 = 2.5.
  const auto cs = find_corridors(sample_graph());
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].nodes, (std::vector<std::uint32_t>{A, B}));
  EXPECT_DOUBLE_EQ(cs[0].flow, 3.0);
  EXPECT_EQ(cs[1].nodes, (std::vector<std::uint32_t>{B, C, D, B}));
  EXPECT_DOUBLE_EQ(cs[1].flow, 2.5);
  EXPECT_DOUBLE_EQ(cs[1].length_m, 4.0);
  EXPECT_EQ(cs[1].countries, (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(cs[2].nodes, (std::vector<std::uint32_t>{B, E}));
  EXPECT_DOUBLE_EQ(cs[2].flow, 2.0);
}

TEST(Metrics, ArticulationPointsAndBridges) {
  const Structure s = structure(sample_graph());
  EXPECT_EQ(s.articulation, (std::vector<bool>{false, true, false, false, false}));
  EXPECT_EQ(s.bridge, (std::vector<bool>{true, false, false, false, true}));  // A-B and E-B
}

TEST(Metrics, MinCutBetweenOriginsAndDestinations) {
  // Origins A, E; destination D. Max flow 5 (A->B 3 + E->B 2 = B->C->D 3 + B->D 2);
  // the cut nearest the origins is {A->B, E->B}.
  const MinCut cut = min_cut(sample_graph());
  EXPECT_DOUBLE_EQ(cut.value, 5.0);
  EXPECT_EQ(cut.edges, (std::vector<std::uint32_t>{0, 4}));
}

TEST(Metrics, GreedyCheckpoints) {
  // Node B is inside both routes: 5 of 5.
  const auto both = place_checkpoints(sample_graph(), 2);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_TRUE(both[0].is_node);
  EXPECT_EQ(both[0].id, B);
  EXPECT_DOUBLE_EQ(both[0].share, 1.0);
  // Edges only: A->B (3, lowest id among the three edges of R1), then B->D (2).
  const auto edges = place_checkpoints(sample_graph(), 2, CheckpointElements::edges);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].id, 0u);
  EXPECT_DOUBLE_EQ(edges[0].share, 0.6);
  EXPECT_EQ(edges[1].id, 3u);
  EXPECT_DOUBLE_EQ(edges[1].intercepted_flow, 2.0);
}

TEST(Paths, ShortestKShortestAndReachable) {
  const RouteGraph g = sample_graph();
  const auto p = shortest_path(g, A, D);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->length_m, 3.0);
  EXPECT_EQ(p->nodes, (std::vector<std::uint32_t>{A, B, C, D}));  // tie broken towards the lower edge id
  const auto ks = k_shortest_paths(g, A, D, 5);
  ASSERT_EQ(ks.size(), 2u);  // only two loopless paths exist
  EXPECT_EQ(ks[1].nodes, (std::vector<std::uint32_t>{A, B, D}));
  EXPECT_FALSE(shortest_path(g, D, A));
  const auto r = reachable(g, A, 2.0);
  ASSERT_EQ(r.size(), 3u);  // A 0, B 1, C 2; D is 3 away
  EXPECT_EQ(r[2].first, C);
  EXPECT_DOUBLE_EQ(r[2].second, 2.0);
}

TEST(Paths, ParallelEdgesOfDifferentModesAreDistinctAlternatives) {
  std::vector<GraphNode> nodes = {{"P", "", "", {0, 0}, std::nullopt}, {"Q", "", "", {0, 0}, std::nullopt}};
  GraphEdge land;
  land.from = 0;
  land.to = 1;
  land.mode = routes::Mode::land;
  land.length_m = 10;
  GraphEdge sea = land;
  sea.mode = routes::Mode::sea;
  sea.length_m = 12;
  const RouteGraph g = RouteGraph::from_parts(nodes, {land, sea});
  const auto ks = k_shortest_paths(g, 0, 1, 3);
  ASSERT_EQ(ks.size(), 2u);
  EXPECT_EQ(ks[0].edges, std::vector<std::uint32_t>{0});
  EXPECT_EQ(ks[1].edges, std::vector<std::uint32_t>{1});
  EXPECT_DOUBLE_EQ(ks[1].length_m, 12.0);
}

TEST(Paths, ZeroLengthEdgesBetweenPlacesAtOnePointDoNotLoop) {
  // Regression (review): A and B geocoded to one point, joined both ways by
  // zero-length edges that come first; S reaches both at 5.
  std::vector<GraphNode> nodes = {{"A", "", "", {0, 0}, std::nullopt}, {"B", "", "", {0, 0}, std::nullopt},
                                  {"S", "", "", {0, 0}, std::nullopt}};
  auto edge = [](std::uint32_t f, std::uint32_t t, double len) {
    GraphEdge e;
    e.from = f;
    e.to = t;
    e.length_m = len;
    e.flow = 1;
    return e;
  };
  const RouteGraph g = RouteGraph::from_parts(nodes, {edge(0, 1, 0), edge(1, 0, 0), edge(2, 0, 5), edge(2, 1, 5)});
  const auto p = shortest_path(g, 2, 0);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->length_m, 5.0);
  EXPECT_EQ(p->nodes.front(), 2u);
  EXPECT_EQ(p->nodes.back(), 0u);
  // Betweenness stays finite and counts S->A and S->B once each.
  const Betweenness bc = betweenness(g);
  for (double b : bc.node) EXPECT_TRUE(std::isfinite(b));
}

TEST(Metrics, MinCutOnALongChainNeedsNoDeepRecursion) {
  // Regression (review): 200,000 nodes in a line; capacities 5 except one edge
  // of 2 in the middle, which is the cut.
  const std::uint32_t n = 200000;
  std::vector<GraphNode> nodes(n);
  std::vector<GraphEdge> edges;
  for (std::uint32_t v = 0; v + 1 < n; ++v) {
    GraphEdge e;
    e.from = v;
    e.to = v + 1;
    e.length_m = 1;
    e.flow = v == n / 2 ? 2.0 : 5.0;
    edges.push_back(e);
  }
  const RouteGraph g = RouteGraph::from_parts(std::move(nodes), std::move(edges));
  const MinCut cut = min_cut(g, {0}, {n - 1});
  EXPECT_DOUBLE_EQ(cut.value, 2.0);
  EXPECT_EQ(cut.edges, std::vector<std::uint32_t>{n / 2});
}
