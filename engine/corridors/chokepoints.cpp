#include "engine/corridors/metrics.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdint>
#include <iterator>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "engine/corridors/detail/dinic.hpp"
#include "engine/corridors/detail/links.hpp"

namespace borderflow::corridors {

using detail::Dinic;
using detail::links_of;
using detail::Links;

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
