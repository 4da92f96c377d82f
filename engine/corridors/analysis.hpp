#pragma once
// The corridor analysis as one call: route graph, flows, betweenness,
// corridors, articulation points and bridges, the minimum cut between origins
// and destinations, and greedy checkpoints. The CLI and the Python module
// both call analyze_corridors().
#include <cstddef>
#include <vector>

#include "engine/corridors/metrics.hpp"
#include "engine/routes/route_graph.hpp"

namespace borderflow::corridors {

struct CorridorOptions {
  routes::GraphOptions graph;
  std::size_t checkpoints = 10;  // greedy checkpoints to place
  CheckpointElements checkpoint_elements = CheckpointElements::both;
  int threads = 0;  // for betweenness (0 = all cores)
};

struct CorridorAnalysis {
  routes::RouteGraph graph;
  NodeFlows flows;
  Betweenness betweenness;
  Betweenness od_betweenness;  // flow-weighted, from the routes' origins to their destinations
  std::vector<Corridor> corridors;          // ranked
  std::vector<std::int64_t> corridor_of_edge;  // index into corridors, per edge
  Structure structure;
  MinCut cut;
  std::vector<Checkpoint> checkpoints;      // ranked
};

CorridorAnalysis analyze_corridors(const std::vector<routes::Route>& routes, const routes::Gazetteer* places,
                                   const CorridorOptions& options = {});

}  // namespace borderflow::corridors
