#include "engine/corridors/analysis.hpp"

namespace borderflow::corridors {

CorridorAnalysis analyze_corridors(const std::vector<routes::Route>& routes, const routes::Gazetteer* places,
                                   const CorridorOptions& options) {
  CorridorAnalysis a;
  a.graph = routes::RouteGraph::build(routes, places, options.graph);
  a.flows = node_flows(a.graph);
  a.betweenness = betweenness(a.graph, options.threads);
  a.od_betweenness = od_betweenness(a.graph, options.threads);
  a.corridors = find_corridors(a.graph);
  a.corridor_of_edge.assign(a.graph.edges().size(), -1);
  for (std::size_t c = 0; c < a.corridors.size(); ++c)
    for (std::uint32_t e : a.corridors[c].edges) a.corridor_of_edge[e] = static_cast<std::int64_t>(c);
  a.structure = structure(a.graph);
  a.cut = min_cut(a.graph);
  a.checkpoints = place_checkpoints(a.graph, options.checkpoints, options.checkpoint_elements);
  return a;
}

}  // namespace borderflow::corridors
