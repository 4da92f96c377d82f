#include "engine/corridors/paths.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>

namespace borderflow::corridors {
namespace {

// Dijkstra avoiding banned nodes and edges; returns the path to `to`.
std::optional<Path> dijkstra(const routes::RouteGraph& g, std::uint32_t from, std::uint32_t to,
                             const std::vector<char>& banned_node, const std::vector<char>& banned_edge) {
  const std::size_t n = g.nodes().size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, inf);
  std::vector<std::int64_t> via(n, -1);
  std::vector<char> settled(n, 0);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  dist[from] = 0.0;
  heap.push({0.0, from});
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d > dist[v] || settled[v]) continue;
    settled[v] = 1;
    if (v == to) break;
    for (std::uint32_t e : g.out_edges(v)) {
      if (banned_edge[e]) continue;
      const auto& edge = g.edges()[e];
      // A settled node keeps its path: with zero-length edges, changing it could make `via` circular.
      if (banned_node[edge.to] || settled[edge.to]) continue;
      const double nd = d + edge.length_m;
      if (nd < dist[edge.to] || (nd == dist[edge.to] && via[edge.to] > static_cast<std::int64_t>(e))) {
        const bool improved = nd < dist[edge.to];
        dist[edge.to] = nd;
        via[edge.to] = e;
        if (improved) heap.push({nd, edge.to});
      }
    }
  }
  if (dist[to] == inf) return std::nullopt;
  Path p;
  p.length_m = dist[to];
  for (std::uint32_t v = to, steps = 0; v != from; ++steps) {
    if (via[v] < 0 || steps > n) throw Error("shortest path: broken predecessor chain", ExitCode::internal);
    const auto e = static_cast<std::uint32_t>(via[v]);
    p.edges.push_back(e);
    v = g.edges()[e].from;
  }
  std::reverse(p.edges.begin(), p.edges.end());
  p.nodes.push_back(from);
  for (std::uint32_t e : p.edges) p.nodes.push_back(g.edges()[e].to);
  return p;
}

double length_of(const routes::RouteGraph& g, const std::vector<std::uint32_t>& edges) {
  double s = 0.0;
  for (std::uint32_t e : edges) s += g.edges()[e].length_m;
  return s;
}

}  // namespace

std::optional<Path> shortest_path(const routes::RouteGraph& g, std::uint32_t from, std::uint32_t to) {
  if (from == to) return Path{{from}, {}, 0.0};
  return dijkstra(g, from, to, std::vector<char>(g.nodes().size(), 0), std::vector<char>(g.edges().size(), 0));
}

std::vector<Path> k_shortest_paths(const routes::RouteGraph& g, std::uint32_t from, std::uint32_t to, std::size_t k) {
  std::vector<Path> found;
  if (k == 0 || from == to) return found;
  auto first = shortest_path(g, from, to);
  if (!first) return found;
  found.push_back(*first);
  // Candidates ordered by (length, edge sequence) for a deterministic order.
  auto less = [](const Path& a, const Path& b) {
    if (a.length_m != b.length_m) return a.length_m < b.length_m;
    return a.edges < b.edges;
  };
  std::set<Path, decltype(less)> candidates(less);
  std::vector<char> banned_node(g.nodes().size(), 0);
  std::vector<char> banned_edge(g.edges().size(), 0);
  while (found.size() < k) {
    const Path& last = found.back();
    for (std::size_t i = 0; i + 1 < last.nodes.size(); ++i) {
      const std::uint32_t spur = last.nodes[i];
      const std::vector<std::uint32_t> root(last.edges.begin(), last.edges.begin() + static_cast<std::ptrdiff_t>(i));
      std::fill(banned_node.begin(), banned_node.end(), 0);
      std::fill(banned_edge.begin(), banned_edge.end(), 0);
      for (const Path& p : found)
        if (p.edges.size() > i && std::equal(root.begin(), root.end(), p.edges.begin())) banned_edge[p.edges[i]] = 1;
      for (std::size_t j = 0; j < i; ++j) banned_node[last.nodes[j]] = 1;  // keep the path loopless
      auto spur_path = dijkstra(g, spur, to, banned_node, banned_edge);
      if (!spur_path) continue;
      Path total;
      total.edges = root;
      total.edges.insert(total.edges.end(), spur_path->edges.begin(), spur_path->edges.end());
      total.nodes.assign(last.nodes.begin(), last.nodes.begin() + static_cast<std::ptrdiff_t>(i));
      total.nodes.insert(total.nodes.end(), spur_path->nodes.begin(), spur_path->nodes.end());
      total.length_m = length_of(g, total.edges);
      if (std::none_of(found.begin(), found.end(), [&](const Path& p) { return p.edges == total.edges; }))
        candidates.insert(std::move(total));
    }
    if (candidates.empty()) break;
    found.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  return found;
}

std::vector<std::pair<std::uint32_t, double>> reachable(const routes::RouteGraph& g, std::uint32_t from,
                                                        double max_length_m) {
  const std::size_t n = g.nodes().size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, inf);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  dist[from] = 0.0;
  heap.push({0.0, from});
  std::vector<std::pair<std::uint32_t, double>> out;
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d > dist[v]) continue;
    out.emplace_back(v, d);
    for (std::uint32_t e : g.out_edges(v)) {
      const double nd = d + g.edges()[e].length_m;
      const std::uint32_t u = g.edges()[e].to;
      if (nd <= max_length_m && nd < dist[u]) {
        dist[u] = nd;
        heap.push({nd, u});
      }
    }
  }
  return out;
}

}  // namespace borderflow::corridors
