// Betweenness, articulation points, bridges, max-flow and k shortest paths
// against networkx on road-like graphs of 122 and 752 nodes
// (reference/make_reference.py wrote reference/reference.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/corridors/metrics.hpp"
#include "engine/corridors/paths.hpp"

using namespace borderflow;
using namespace borderflow::corridors;

namespace {

nlohmann::json load() {
  std::ifstream in(std::string(BORDERFLOW_TEST_SOURCE_DIR) + "/engine/corridors/reference/reference.json");
  return nlohmann::json::parse(in);
}

routes::RouteGraph graph_of(const nlohmann::json& c) {
  std::vector<routes::GraphNode> nodes(c["nodes"].get<std::size_t>());
  std::vector<routes::GraphEdge> edges;
  for (const auto& e : c["edges"]) {
    routes::GraphEdge edge;
    edge.from = e[0].get<std::uint32_t>();
    edge.to = e[1].get<std::uint32_t>();
    edge.length_m = e[2].get<double>();
    edge.flow = e[3].get<double>();
    edge.mode = routes::Mode::land;
    edges.push_back(edge);
  }
  return routes::RouteGraph::from_parts(nodes, edges);
}

void expect_close(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << what;
}

}  // namespace

TEST(NetworkxReference, EveryMetricAgrees) {
  const nlohmann::json ref = load();
  ASSERT_EQ(ref["cases"].size(), 2u);
  for (const auto& c : ref["cases"]) {
    const routes::RouteGraph g = graph_of(c);
    SCOPED_TRACE("graph of " + std::to_string(g.nodes().size()) + " nodes");
    const Betweenness bc = betweenness(g);
    for (std::size_t i = 0; i < g.nodes().size(); ++i) expect_close(bc.node[i], c["node_betweenness"][i], "node " + std::to_string(i));
    for (std::size_t i = 0; i < g.edges().size(); ++i) expect_close(bc.edge[i], c["edge_betweenness"][i], "edge " + std::to_string(i));

    const Structure s = structure(g);
    std::vector<std::uint32_t> art;
    for (std::uint32_t v = 0; v < s.articulation.size(); ++v)
      if (s.articulation[v]) art.push_back(v);
    EXPECT_EQ(art, c["articulation_points"].get<std::vector<std::uint32_t>>());
    std::set<std::pair<std::uint32_t, std::uint32_t>> bridges;
    for (std::uint32_t e = 0; e < g.edges().size(); ++e)
      if (s.bridge[e]) bridges.insert(std::minmax(g.edges()[e].from, g.edges()[e].to));
    std::set<std::pair<std::uint32_t, std::uint32_t>> want_bridges;
    for (const auto& b : c["bridges"]) want_bridges.insert({b[0].get<std::uint32_t>(), b[1].get<std::uint32_t>()});
    EXPECT_EQ(bridges, want_bridges);

    const MinCut cut = min_cut(g, c["origins"].get<std::vector<std::uint32_t>>(),
                               c["destinations"].get<std::vector<std::uint32_t>>());
    expect_close(cut.value, c["max_flow"], "max flow");
    double cut_capacity = 0.0;
    for (std::uint32_t e : cut.edges) cut_capacity += g.edges()[e].flow;
    expect_close(cut_capacity, c["max_flow"], "capacity of the reported cut");

    const auto& ks = c["k_shortest"];
    const auto paths = k_shortest_paths(g, ks["from"], ks["to"], ks["lengths"].size());
    ASSERT_EQ(paths.size(), ks["lengths"].size());
    for (std::size_t i = 0; i < paths.size(); ++i)
      expect_close(paths[i].length_m, ks["lengths"][i], "path " + std::to_string(i));
  }
}
