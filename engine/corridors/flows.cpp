#include "engine/corridors/metrics.hpp"

namespace borderflow::corridors {

NodeFlows node_flows(const RouteGraph& g) {
  NodeFlows f;
  const std::size_t n = g.nodes().size();
  f.flow_in.assign(n, 0.0);
  f.flow_out.assign(n, 0.0);
  f.degree.assign(n, 0);
  for (const auto& e : g.edges()) {
    f.flow_out[e.from] += e.flow;
    f.flow_in[e.to] += e.flow;
    ++f.degree[e.from];
    ++f.degree[e.to];
  }
  return f;
}

}  // namespace borderflow::corridors
