#pragma once
// Paths on the route graph, by length_m. Parallel edges of different modes
// are distinct alternatives.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "engine/routes/route_graph.hpp"

namespace borderflow::corridors {

struct Path {
  std::vector<std::uint32_t> nodes;
  std::vector<std::uint32_t> edges;
  double length_m = 0.0;
};

// Dijkstra. nullopt when `to` cannot be reached. Ties are broken towards the
// lower edge id, so the answer is deterministic.
std::optional<Path> shortest_path(const routes::RouteGraph& g, std::uint32_t from, std::uint32_t to);

// Up to k shortest loopless paths, shortest first (Yen, "Finding the k
// shortest loopless paths in a network", Management Science 17, 1971).
std::vector<Path> k_shortest_paths(const routes::RouteGraph& g, std::uint32_t from, std::uint32_t to, std::size_t k);

// Nodes reachable from `from` within max_length_m, with their distance, by distance.
std::vector<std::pair<std::uint32_t, double>> reachable(const routes::RouteGraph& g, std::uint32_t from,
                                                        double max_length_m);

}  // namespace borderflow::corridors
