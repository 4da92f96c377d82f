#include "engine/corridors/metrics.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/corridors/detail/dary_heap.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace borderflow::corridors {

namespace {


// Compressed adjacency (CSR) of the route graph for the Brandes sweeps: the
// out-arcs and in-arcs of node v are [off[v], off[v+1]). Each arc packs its
// other end, edge id and length into 16 bytes, so one cache line holds four.
struct Arc {
  std::uint32_t node;  // head of an out-arc, tail of an in-arc
  std::uint32_t id;    // edge id in the route graph
  double len;
};
struct Csr {
  std::vector<std::uint32_t> out_off, in_off;
  std::vector<Arc> out, in;

  explicit Csr(const RouteGraph& g) {
    const std::size_t n = g.nodes().size();
    out_off.assign(n + 1, 0);
    in_off.assign(n + 1, 0);
    for (const auto& e : g.edges()) {
      ++out_off[e.from + 1];
      ++in_off[e.to + 1];
    }
    for (std::size_t v = 0; v < n; ++v) {
      out_off[v + 1] += out_off[v];
      in_off[v + 1] += in_off[v];
    }
    const std::size_t m = g.edges().size();
    out.resize(m);
    in.resize(m);
    std::vector<std::uint32_t> out_pos(out_off.begin(), out_off.end() - 1), in_pos(in_off.begin(), in_off.end() - 1);
    for (std::uint32_t id = 0; id < m; ++id) {
      const auto& e = g.edges()[id];
      out[out_pos[e.from]++] = {e.to, id, e.length_m};
      in[in_pos[e.to]++] = {e.from, id, e.length_m};
    }
  }
};

// What one sweep keeps per node, together (the backward pass reads all of it
// for each predecessor). The settling position is apart, in a compact array:
// most arcs lead to settled nodes, which need only that test, and 4 bytes a
// node stay in cache where 32 do not (at 100k nodes the packed variant was
// 4-8 % slower, A/B in bench/README.md).
struct NodeState {
  double dist = std::numeric_limits<double>::infinity();
  double sigma = 0.0;  // number of shortest paths from the source
  double delta = 0.0;  // dependency of the source on the node
};

struct BrandesScratch {
  std::vector<NodeState> state;  // reset after each source, only where touched
  std::vector<std::uint32_t> position;  // 1 + index in the settling order once settled, 0 before
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> touched;
  std::vector<double> own;
  detail::QuadHeap heap;
};

// One source of Brandes' accumulation. Predecessors are not stored: on the way
// back, an in-edge u->v is on a shortest path when dist[u] + len == dist[v],
// the same sum the forward sweep compared. `demand` (null: 1 for every
// target) gives the weight each target t adds: the weight of the routes s -> t.
// edge_bc is indexed by in-arc position in g.in, not by edge id.
void brandes_from(const Csr& g, std::uint32_t s, BrandesScratch& w, std::vector<double>& node_bc,
                  std::vector<double>& edge_bc, const std::vector<std::pair<std::uint32_t, double>>* demand = nullptr) {
  const std::size_t n = g.out_off.size() - 1;
  if (w.state.size() != n) w.state.assign(n, NodeState{});
  if (w.position.size() != n) w.position.assign(n, 0);
  NodeState* st = w.state.data();
  std::uint32_t* pos = w.position.data();
  w.order.clear();
  w.touched.clear();
  w.heap.clear();
  st[s].dist = 0.0;
  st[s].sigma = 1.0;
  w.touched.push_back(s);
  w.heap.push(0.0, s);
  while (!w.heap.empty()) {
    const auto [d, v] = w.heap.pop();
    NodeState& sv = st[v];
    if (d > sv.dist || pos[v]) continue;
    w.order.push_back(v);
    pos[v] = static_cast<std::uint32_t>(w.order.size());
    const Arc* a = g.out.data() + g.out_off[v];
    const Arc* a_end = g.out.data() + g.out_off[v + 1];
    for (; a != a_end; ++a) {
      if (pos[a->node]) continue;  // settled (reachable again only over zero-length edges)
      NodeState& su = st[a->node];
      const double nd = d + a->len;
      if (nd < su.dist) {
        if (su.dist == std::numeric_limits<double>::infinity()) w.touched.push_back(a->node);
        su.dist = nd;
        su.sigma = sv.sigma;
        w.heap.push(nd, a->node);
      } else if (nd == su.dist) {
        su.sigma += sv.sigma;
      }
    }
  }
  if (demand) {
    if (w.own.size() != n) w.own.assign(n, 0.0);
    for (const auto& [t, weight] : *demand) w.own[t] += weight;
  }
  for (auto it = w.order.rbegin(); it != w.order.rend(); ++it) {
    const std::uint32_t v = *it;
    if (v == s) continue;
    const NodeState& sv = st[v];
    const double own = demand ? w.own[v] : 1.0;
    const double factor = (own + sv.delta) / sv.sigma;
    for (std::uint32_t k = g.in_off[v]; k < g.in_off[v + 1]; ++k) {
      const Arc& a = g.in[k];
      const std::uint32_t pu = pos[a.node];
      if (!pu || pu > pos[v]) continue;
      NodeState& su = st[a.node];
      if (su.dist + a.len != sv.dist) continue;
      const double c = su.sigma * factor;
      edge_bc[k] += c;  // by in-arc: v's arcs are adjacent, sweep() maps them to edge ids
      su.delta += c;
    }
    node_bc[v] += sv.delta;
  }
  // Reset what this source touched: one sequential fill when that was most of
  // the graph, else node by node.
  if (w.touched.size() > n / 8) {
    std::fill(w.state.begin(), w.state.end(), NodeState{});
    std::fill(w.position.begin(), w.position.end(), 0u);
  } else {
    for (const std::uint32_t v : w.touched) {
      st[v] = NodeState{};
      pos[v] = 0;
    }
  }
  if (demand)
    for (const auto& [t, weight] : *demand) w.own[t] = 0.0;
}

// Runs Brandes from every source, split into 16 fixed blocks whose partial
// sums are added in block order: the result does not depend on the thread count.
Betweenness sweep(const RouteGraph& g, int threads, const std::vector<std::uint32_t>& sources,
                  const std::vector<std::vector<std::pair<std::uint32_t, double>>>* demand) {
  const std::size_t n = g.nodes().size();
  const std::size_t m = g.edges().size();
  constexpr std::size_t kBlocks = 16;
  std::vector<std::vector<double>> node_part(kBlocks, std::vector<double>(n, 0.0));
  std::vector<std::vector<double>> edge_part(kBlocks, std::vector<double>(m, 0.0));
#ifdef _OPENMP
  if (threads <= 0) threads = omp_get_max_threads();
#else
  threads = 1;
#endif
  const Csr csr(g);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::size_t b = 0; b < kBlocks; ++b) {
    BrandesScratch scratch;
    for (std::size_t i = b; i < sources.size(); i += kBlocks)
      brandes_from(csr, sources[i], scratch, node_part[b], edge_part[b], demand ? &(*demand)[sources[i]] : nullptr);
  }
  Betweenness out;
  out.node.assign(n, 0.0);
  out.edge.assign(m, 0.0);
  for (std::size_t b = 0; b < kBlocks; ++b) {
    for (std::size_t i = 0; i < n; ++i) out.node[i] += node_part[b][i];
    for (std::size_t k = 0; k < m; ++k) out.edge[csr.in[k].id] += edge_part[b][k];
  }
  return out;
}

}  // namespace

Betweenness betweenness(const RouteGraph& g, int threads) {
  std::vector<std::uint32_t> sources(g.nodes().size());
  for (std::uint32_t v = 0; v < sources.size(); ++v) sources[v] = v;
  return sweep(g, threads, sources, nullptr);
}

Betweenness betweenness_from_sources(const RouteGraph& g, const std::vector<std::uint32_t>& sources, int threads) {
  for (const std::uint32_t s : sources)
    if (s >= g.nodes().size())
      throw std::invalid_argument("betweenness source " + std::to_string(s) + " is not a node (the graph has " +
                                  std::to_string(g.nodes().size()) + ")");
  return sweep(g, threads, sources, nullptr);
}

Betweenness od_betweenness(const RouteGraph& g, int threads) {
  // Demand per origin: (destination, weight) of every route.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> demand(g.nodes().size());
  std::vector<std::uint32_t> origins;
  for (std::size_t r = 0; r < g.route_edges().size(); ++r) {
    const auto& es = g.route_edges()[r];
    if (es.empty()) continue;
    const std::uint32_t s = g.edges()[es.front()].from;
    const std::uint32_t t = g.edges()[es.back()].to;
    if (s == t) continue;
    if (demand[s].empty()) origins.push_back(s);
    demand[s].emplace_back(t, g.route_weights()[r]);
  }
  std::sort(origins.begin(), origins.end());
  return sweep(g, threads, origins, &demand);
}

}  // namespace borderflow::corridors
