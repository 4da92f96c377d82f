#pragma once
// The undirected links of the route graph, shared by find_corridors()
// (corridors.cpp) and structure() (chokepoints.cpp).
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "engine/routes/route_graph.hpp"

namespace borderflow::corridors::detail {

// Undirected links: one per unordered node pair, with the directed edges on it.
struct Links {
  // (lower node, higher node) -> ids of the directed edges between them, ascending.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> edges_of;
  std::vector<std::set<std::uint32_t>> neighbours;  // per node, distinct, ascending
};

inline Links links_of(const routes::RouteGraph& g) {
  Links l;
  l.neighbours.resize(g.nodes().size());
  for (std::uint32_t e = 0; e < g.edges().size(); ++e) {
    const auto& edge = g.edges()[e];
    const auto key = std::minmax(edge.from, edge.to);
    l.edges_of[{key.first, key.second}].push_back(e);
    l.neighbours[edge.from].insert(edge.to);
    l.neighbours[edge.to].insert(edge.from);
  }
  return l;
}

}  // namespace borderflow::corridors::detail
