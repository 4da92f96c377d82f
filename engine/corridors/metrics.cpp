#include "engine/corridors/metrics.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <stdexcept>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

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

// ------------------------------------------------------------ betweenness

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

// Min-heap of (distance, node) with four children per node: half the depth of
// a binary heap and the children of one node in one cache line. Entries are
// not decreased in place; a node pushed again with a shorter distance leaves
// a stale entry that the sweep skips when it comes out.
class QuadHeap {
 public:
  struct Entry {
    double key;
    std::uint32_t node;
  };
  bool empty() const { return v_.empty(); }
  void clear() { v_.clear(); }
  void push(double key, std::uint32_t node) {
    std::size_t i = v_.size();
    v_.push_back({key, node});
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!(key < v_[parent].key)) break;
      v_[i] = v_[parent];
      i = parent;
    }
    v_[i] = {key, node};
  }
  Entry pop() {
    const Entry top = v_.front();
    const Entry last = v_.back();
    v_.pop_back();
    const std::size_t n = v_.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (v_[c].key < v_[best].key) best = c;
      if (!(v_[best].key < last.key)) break;
      v_[i] = v_[best];
      i = best;
    }
    v_[i] = last;
    return top;
  }

 private:
  std::vector<Entry> v_;
};

struct BrandesScratch {
  std::vector<NodeState> state;  // reset after each source, only where touched
  std::vector<std::uint32_t> position;  // 1 + index in the settling order once settled, 0 before
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> touched;
  std::vector<double> own;
  QuadHeap heap;
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

// ------------------------------------------------------------ links

namespace {

// Undirected links: one per unordered node pair, with the directed edges on it.
struct Links {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> edges_of;
  std::vector<std::set<std::uint32_t>> neighbours;
};

Links links_of(const RouteGraph& g) {
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

}  // namespace

std::vector<Corridor> find_corridors(const RouteGraph& g) {
  const Links links = links_of(g);
  const std::size_t n = g.nodes().size();
  auto junction = [&](std::uint32_t v) { return links.neighbours[v].size() != 2; };
  std::set<std::pair<std::uint32_t, std::uint32_t>> used;
  std::vector<Corridor> out;
  auto walk = [&](std::uint32_t start, std::uint32_t next) {
    Corridor c;
    c.nodes.push_back(start);
    std::uint32_t prev = start;
    std::uint32_t cur = next;
    double weighted_flow = 0.0;
    while (true) {
      const auto key = std::minmax(prev, cur);
      if (!used.insert({key.first, key.second}).second) break;
      const auto& es = links.edges_of.at({key.first, key.second});
      double link_len = std::numeric_limits<double>::infinity();
      double link_flow = 0.0;
      for (std::uint32_t e : es) {
        c.edges.push_back(e);
        link_len = std::min(link_len, g.edges()[e].length_m);
        link_flow += g.edges()[e].flow;
      }
      c.length_m += link_len;
      weighted_flow += link_flow * link_len;
      c.nodes.push_back(cur);
      if (junction(cur) || cur == start) break;
      // continue through the degree-2 node
      std::uint32_t following = prev;
      for (std::uint32_t nb : links.neighbours[cur])
        if (nb != prev) following = nb;
      prev = cur;
      cur = following;
    }
    if (c.edges.empty()) return;
    c.flow = c.length_m > 0 ? weighted_flow / c.length_m : 0.0;
    for (std::uint32_t v : c.nodes) {
      const std::string& country = g.nodes()[v].country;
      if (!country.empty() && std::find(c.countries.begin(), c.countries.end(), country) == c.countries.end())
        c.countries.push_back(country);
    }
    out.push_back(std::move(c));
  };
  for (std::uint32_t v = 0; v < n; ++v)
    if (junction(v))
      for (std::uint32_t nb : links.neighbours[v]) walk(v, nb);
  // Cycles made only of degree-2 nodes.
  for (std::uint32_t v = 0; v < n; ++v)
    if (!junction(v)) walk(v, *links.neighbours[v].begin());
  std::stable_sort(out.begin(), out.end(), [](const Corridor& a, const Corridor& b) {
    if (a.flow != b.flow) return a.flow > b.flow;
    return a.nodes.front() < b.nodes.front();
  });
  return out;
}

// ------------------------------------------------------------ structure

Structure structure(const RouteGraph& g) {
  using namespace boost;
  using UGraph = adjacency_list<vecS, vecS, undirectedS, no_property, property<edge_index_t, std::size_t>>;
  const Links links = links_of(g);
  UGraph ug(g.nodes().size());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> link_list;
  for (const auto& [key, es] : links.edges_of) {
    add_edge(key.first, key.second, link_list.size(), ug);
    link_list.push_back(key);
  }
  std::vector<std::size_t> component(num_edges(ug));
  auto component_map = make_iterator_property_map(component.begin(), get(edge_index, ug));
  std::vector<std::size_t> art;
  const auto result = biconnected_components(ug, component_map, std::back_inserter(art));
  const std::size_t n_components = result.first;
  Structure s;
  s.articulation.assign(g.nodes().size(), false);
  for (std::size_t v : art) s.articulation[v] = true;
  std::vector<std::size_t> links_in_component(n_components, 0);
  for (std::size_t c : component) ++links_in_component[c];
  s.bridge.assign(g.edges().size(), false);
  for (std::size_t i = 0; i < link_list.size(); ++i)
    if (links_in_component[component[i]] == 1)
      for (std::uint32_t e : links.edges_of.at(link_list[i])) s.bridge[e] = true;
  return s;
}

// ------------------------------------------------------------ min cut

namespace {

// Dinic's max-flow on a residual graph (Dinic 1970).
class Dinic {
 public:
  explicit Dinic(std::size_t n) : adj_(n), level_(n), it_(n) {}
  std::size_t add(std::size_t u, std::size_t v, double cap) {
    adj_[u].push_back(arcs_.size());
    arcs_.push_back({v, cap});
    adj_[v].push_back(arcs_.size());
    arcs_.push_back({u, 0.0});
    return arcs_.size() - 2;
  }
  double run(std::size_t s, std::size_t t) {
    double total = 0.0;
    while (bfs(s, t)) {
      std::fill(it_.begin(), it_.end(), 0);
      for (double f = augment(s, t); f != 0.0; f = augment(s, t)) total += f;
    }
    return total;
  }
  // Nodes reachable from s in the residual graph after run().
  std::vector<char> source_side(std::size_t s) const {
    std::vector<char> seen(adj_.size(), 0);
    std::vector<std::size_t> stack{s};
    seen[s] = 1;
    while (!stack.empty()) {
      const std::size_t u = stack.back();
      stack.pop_back();
      for (std::size_t a : adj_[u])
        if (arcs_[a].cap > kEps && !seen[arcs_[a].to]) {
          seen[arcs_[a].to] = 1;
          stack.push_back(arcs_[a].to);
        }
    }
    return seen;
  }

 private:
  static constexpr double kEps = 1e-12;
  struct Arc {
    std::size_t to;
    double cap;
  };
  bool bfs(std::size_t s, std::size_t t) {
    std::fill(level_.begin(), level_.end(), -1);
    std::queue<std::size_t> q;
    level_[s] = 0;
    q.push(s);
    while (!q.empty()) {
      const std::size_t u = q.front();
      q.pop();
      for (std::size_t a : adj_[u])
        if (arcs_[a].cap > kEps && level_[arcs_[a].to] < 0) {
          level_[arcs_[a].to] = level_[u] + 1;
          q.push(arcs_[a].to);
        }
    }
    return level_[t] >= 0;
  }
  // One augmenting path in the level graph, found without recursion (a chain
  // of 100k nodes must not overflow the stack); dead ends leave the level graph.
  double augment(std::size_t s, std::size_t t) {
    path_.clear();
    std::size_t u = s;
    while (true) {
      if (u == t) {
        double f = std::numeric_limits<double>::infinity();
        for (std::size_t a : path_) f = std::min(f, arcs_[a].cap);
        for (std::size_t a : path_) {
          arcs_[a].cap -= f;
          arcs_[a ^ 1].cap += f;
        }
        return f;
      }
      bool advanced = false;
      for (; it_[u] < adj_[u].size(); ++it_[u]) {
        const std::size_t a = adj_[u][it_[u]];
        if (arcs_[a].cap > kEps && level_[arcs_[a].to] == level_[u] + 1) {
          path_.push_back(a);
          u = arcs_[a].to;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      if (u == s) return 0.0;
      level_[u] = -1;  // a dead end
      const std::size_t back = path_.back();
      path_.pop_back();
      u = arcs_[back ^ 1].to;
      ++it_[u];
    }
  }
  std::vector<std::vector<std::size_t>> adj_;
  std::vector<Arc> arcs_;
  std::vector<int> level_;
  std::vector<std::size_t> it_;
  std::vector<std::size_t> path_;
};

}  // namespace

MinCut min_cut(const RouteGraph& g) {
  std::set<std::uint32_t> origins, destinations;
  for (const auto& route : g.route_edges()) {
    if (route.empty()) continue;
    origins.insert(g.edges()[route.front()].from);
    destinations.insert(g.edges()[route.back()].to);
  }
  return min_cut(g, {origins.begin(), origins.end()}, {destinations.begin(), destinations.end()});
}

MinCut min_cut(const RouteGraph& g, const std::vector<std::uint32_t>& origin_list,
               const std::vector<std::uint32_t>& destination_list) {
  const std::size_t n = g.nodes().size();
  const std::size_t source = n;
  const std::size_t sink = n + 1;
  const std::set<std::uint32_t> origins(origin_list.begin(), origin_list.end());
  const std::set<std::uint32_t> destinations(destination_list.begin(), destination_list.end());
  MinCut cut;
  if (origins.empty()) return cut;
  Dinic flow(n + 2);
  std::vector<std::size_t> arc_of(g.edges().size());
  for (std::uint32_t e = 0; e < g.edges().size(); ++e) arc_of[e] = flow.add(g.edges()[e].from, g.edges()[e].to, g.edges()[e].flow);
  const double unbounded = std::numeric_limits<double>::infinity();
  for (std::uint32_t o : origins) flow.add(source, o, unbounded);
  for (std::uint32_t d : destinations)
    if (!origins.count(d)) flow.add(d, sink, unbounded);
  cut.value = flow.run(source, sink);
  const std::vector<char> side = flow.source_side(source);
  for (std::uint32_t e = 0; e < g.edges().size(); ++e)
    if (side[g.edges()[e].from] && !side[g.edges()[e].to]) cut.edges.push_back(e);
  return cut;
}

// ------------------------------------------------------------ checkpoints

std::vector<Checkpoint> place_checkpoints(const RouteGraph& g, std::size_t k, CheckpointElements elements) {
  const auto& routes = g.route_edges();
  const auto& weights = g.route_weights();
  double total = 0.0;
  for (std::size_t r = 0; r < routes.size(); ++r)
    if (!routes[r].empty()) total += weights[r];
  // For each candidate, the routes through it.
  const std::size_t n = g.nodes().size();
  std::vector<std::vector<std::size_t>> node_routes(n), edge_routes(g.edges().size());
  for (std::size_t r = 0; r < routes.size(); ++r) {
    if (routes[r].empty()) continue;
    std::set<std::uint32_t> nodes, edges;
    for (std::size_t i = 0; i < routes[r].size(); ++i) {
      const std::uint32_t e = routes[r][i];
      const auto& edge = g.edges()[e];
      if (edge.mode != routes::Mode::air) edges.insert(e);
      // Inner nodes only: a checkpoint at a route's own origin or destination intercepts nothing in transit.
      if (i > 0) nodes.insert(edge.from);
    }
    for (std::uint32_t v : nodes) node_routes[v].push_back(r);
    for (std::uint32_t e : edges) edge_routes[e].push_back(r);
  }
  std::vector<char> intercepted(routes.size(), 0);
  std::vector<char> taken_node(n, 0), taken_edge(g.edges().size(), 0);
  std::vector<Checkpoint> out;
  const bool use_nodes = elements != CheckpointElements::edges;
  const bool use_edges = elements != CheckpointElements::nodes;
  for (std::size_t step = 0; step < k; ++step) {
    Checkpoint best;
    auto gain = [&](const std::vector<std::size_t>& rs) {
      double w = 0.0;
      for (std::size_t r : rs)
        if (!intercepted[r]) w += weights[r];
      return w;
    };
    if (use_nodes)
      for (std::uint32_t v = 0; v < n; ++v)
        if (!taken_node[v]) {
          const double w = gain(node_routes[v]);
          if (w > best.intercepted_flow) best = {true, v, w, 0.0};
        }
    if (use_edges)
      for (std::uint32_t e = 0; e < g.edges().size(); ++e)
        if (!taken_edge[e]) {
          const double w = gain(edge_routes[e]);
          if (w > best.intercepted_flow) best = {false, e, w, 0.0};
        }
    if (best.intercepted_flow <= 0.0) break;
    for (std::size_t r : best.is_node ? node_routes[best.id] : edge_routes[best.id]) intercepted[r] = 1;
    (best.is_node ? taken_node : taken_edge)[best.id] = 1;
    best.share = total > 0 ? best.intercepted_flow / total : 0.0;
    out.push_back(best);
  }
  return out;
}

}  // namespace borderflow::corridors
