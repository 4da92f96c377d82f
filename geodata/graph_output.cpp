#include "geodata/graph_output.hpp"
#include "geodata/output_contract.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/geometry/geodesic.hpp"

namespace borderflow::geodata {
namespace {

// The point halfway along a lon/lat line (by geodesic length).
geometry::Coord midpoint(const geometry::LineString& line) {
  const double half = geometry::geodesic_length_m(line) / 2.0;
  double run = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const double d = geometry::geodesic_distance_m(line[i - 1], line[i]);
    if (run + d >= half && d > 0) {
      const double t = (half - run) / d;
      return {line[i - 1].x + (line[i].x - line[i - 1].x) * t, line[i - 1].y + (line[i].y - line[i - 1].y) * t};
    }
    run += d;
  }
  return line.empty() ? geometry::Coord{} : line.back();
}

std::string countries_text(const corridors::Corridor& c) {
  std::string s;
  for (const auto& x : c.countries) s += (s.empty() ? "" : " > ") + x;
  return s;
}

}  // namespace

std::string node_label(const routes::RouteGraph& g, std::uint32_t node) {
  const auto& n = g.nodes()[node];
  return n.name.empty() ? "node " + std::to_string(node + 1) : n.name;
}

void write_graph_layers(OutputDataset& out, const corridors::CorridorAnalysis& a) {
  const auto& g = a.graph;
  // A node's flow in (out) is the sum of its in-edges' (out-edges') flows:
  // complementary suppression among the edges into and out of each node.
  ProtectionRule edge_rule;
  edge_rule.measures.push_back({"flow", {"flow", "n_routes"}, {{"from_node"}, {"to_node"}}});
  for (const char* f : {"flow_tip", "flow_som", "flow_unknown"})
    edge_rule.measures.push_back({f, {f}, {{"from_node"}, {"to_node"}}});
  edge_rule.measures.push_back({"od_betweenness", {"od_betweenness"}, {}});
  edge_rule.row_sums = {{"flow", "flow_tip", "flow_som", "flow_unknown"}};
  LayerWriter& edges = out.create_layer(
      contract::kRouteEdges, GeometryType::line,
      {{"edge_id", FieldType::integer}, {"from_node", FieldType::integer}, {"to_node", FieldType::integer},
       {"mode", FieldType::text}, {"flow", FieldType::real}, {"n_routes", FieldType::integer},
       {"length_m", FieldType::real}, {"betweenness", FieldType::real}, {"corridor_id", FieldType::integer},
       {"is_bridge", FieldType::boolean}, {"flow_tip", FieldType::real}, {"flow_som", FieldType::real},
       {"flow_unknown", FieldType::real}, {"od_betweenness", FieldType::real}, {"sea_routed", FieldType::boolean},
       {"land_link_m", FieldType::real}},
      std::move(edge_rule));
  for (std::uint32_t e = 0; e < g.edges().size(); ++e) {
    const auto& edge = g.edges()[e];
    edges.add(edge.path, {std::int64_t{e + 1}, std::int64_t{edge.from + 1}, std::int64_t{edge.to + 1},
                          std::string(routes::to_string(edge.mode)), edge.flow, std::int64_t{edge.n_routes},
                          edge.length_m, a.betweenness.edge[e],
                          a.corridor_of_edge[e] >= 0 ? FieldValue{a.corridor_of_edge[e] + 1} : FieldValue{},
                          bool(a.structure.bridge[e]), edge.flow_by_crime[0], edge.flow_by_crime[1],
                          edge.flow_by_crime[2], a.od_betweenness.edge[e], edge.sea_routed, edge.land_link_m});
  }
  // A node whose only in-edge (out-edge) has its flow hidden would show it as
  // flow_in (flow_out): hidden with it, whatever its size.
  std::vector<std::vector<std::uint32_t>> in_edges(g.nodes().size()), out_edges(g.nodes().size());
  for (std::uint32_t e = 0; e < g.edges().size(); ++e) {
    if (!(g.edges()[e].flow > 0.0)) continue;
    out_edges[g.edges()[e].from].push_back(e);
    in_edges[g.edges()[e].to].push_back(e);
  }
  const LayerWriter* edge_layer = &edges;
  auto only_edge_hidden = [edge_layer](std::vector<std::vector<std::uint32_t>> by_node) {
    return [edge_layer, by_node = std::move(by_node)](std::size_t node) {
      const auto& hidden = edge_layer->hidden("flow");
      return node < by_node.size() && by_node[node].size() == 1 && by_node[node][0] < hidden.size() &&
             hidden[by_node[node][0]];
    };
  };
  ProtectionRule node_rule;
  node_rule.measures.push_back({"flow_in", {"flow_in"}, {}, only_edge_hidden(std::move(in_edges))});
  node_rule.measures.push_back({"flow_out", {"flow_out"}, {}, only_edge_hidden(std::move(out_edges))});
  node_rule.measures.push_back({"od_betweenness", {"od_betweenness"}, {}});
  LayerWriter& nodes = out.create_layer(
      contract::kRouteNodes, GeometryType::point,
      {{"node_id", FieldType::integer}, {"name", FieldType::text}, {"kind", FieldType::text},
       {"degree", FieldType::integer}, {"flow_in", FieldType::real}, {"flow_out", FieldType::real},
       {"betweenness", FieldType::real}, {"is_articulation", FieldType::boolean},
       {"od_betweenness", FieldType::real}},
      std::move(node_rule));
  for (std::uint32_t v = 0; v < g.nodes().size(); ++v) {
    const auto& n = g.nodes()[v];
    nodes.add(n.lonlat, {std::int64_t{v + 1}, n.name, n.kind, std::int64_t{a.flows.degree[v]}, a.flows.flow_in[v],
                         a.flows.flow_out[v], a.betweenness.node[v], bool(a.structure.articulation[v]),
                         a.od_betweenness.node[v]});
  }
  // A corridor's flow is a mean of its edges' flows (lengths are published):
  // hidden when one of its edges' flow is.
  auto any_edge_hidden = [edge_layer](std::vector<std::vector<std::uint32_t>> edges_of) {
    return [edge_layer, edges_of = std::move(edges_of)](std::size_t row) {
      const auto& hidden = edge_layer->hidden("flow");
      if (row >= edges_of.size()) return false;
      for (std::uint32_t e : edges_of[row])
        if (e < hidden.size() && hidden[e]) return true;
      return false;
    };
  };
  std::vector<std::vector<std::uint32_t>> corridor_edges;
  for (const auto& cor : a.corridors) corridor_edges.push_back(cor.edges);
  LayerWriter& corridors = out.create_layer(
      contract::kCorridors, GeometryType::line,
      {{"corridor_id", FieldType::integer}, {"rank", FieldType::integer}, {"flow", FieldType::real},
       {"length_m", FieldType::real}, {"n_edges", FieldType::integer}, {"countries", FieldType::text}},
      ProtectionRule{{{"flow", {"flow"}, {}, any_edge_hidden(std::move(corridor_edges))}}, {}, {}, {}});
  for (std::size_t c = 0; c < a.corridors.size(); ++c) {
    const auto& cor = a.corridors[c];
    // The corridor follows its links' paths (a sea edge's water path, a
    // track's shape): for each pair of consecutive nodes, the first of its
    // edges, in the direction of the chain.
    geometry::LineString line;
    for (std::size_t i = 0; i + 1 < cor.nodes.size(); ++i) {
      const std::uint32_t u = cor.nodes[i], v = cor.nodes[i + 1];
      const routes::GraphEdge* link = nullptr;
      bool reversed = false;
      for (std::uint32_t e : cor.edges) {
        const auto& edge = g.edges()[e];
        if (edge.from == u && edge.to == v) {
          link = &edge;
          reversed = false;
          break;
        }
        if (!link && edge.from == v && edge.to == u) {
          link = &edge;
          reversed = true;
        }
      }
      geometry::LineString piece = link && link->path.size() >= 2 ? link->path
                                                                  : geometry::LineString{g.nodes()[u].lonlat, g.nodes()[v].lonlat};
      if (reversed) std::reverse(piece.begin(), piece.end());
      for (const auto& p : piece)
        if (line.empty() || !(line.back() == p)) line.push_back(p);
    }
    corridors.add(line, {static_cast<std::int64_t>(c + 1), static_cast<std::int64_t>(c + 1), cor.flow, cor.length_m,
                         static_cast<std::int64_t>(cor.edges.size()), countries_text(cor)});
  }
  // An edge checkpoint or min-cut edge can intercept exactly its edge's flow:
  // hidden with it.
  std::vector<std::vector<std::uint32_t>> choke_edges;
  for (const auto& c : a.checkpoints) choke_edges.push_back(c.is_node ? std::vector<std::uint32_t>{} :
                                                                          std::vector<std::uint32_t>{c.id});
  for (std::uint32_t e : a.cut.edges) choke_edges.push_back({e});
  LayerWriter& chokes = out.create_layer(
      contract::kChokepoints, GeometryType::point,
      {{"rank", FieldType::integer}, {"element", FieldType::text}, {"ref_id", FieldType::integer},
       {"intercepted_flow", FieldType::real}, {"share", FieldType::real}, {"kind", FieldType::text}},
      ProtectionRule{{{"intercepted_flow", {"intercepted_flow", "share"}, {}, any_edge_hidden(std::move(choke_edges))}},
                     {},
                     {},
                     {}});
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    const auto& c = a.checkpoints[i];
    const geometry::Coord at = c.is_node ? g.nodes()[c.id].lonlat : midpoint(g.edges()[c.id].path);
    chokes.add(at, {static_cast<std::int64_t>(i + 1), std::string(c.is_node ? "node" : "edge"),
                    std::int64_t{c.id + 1}, c.intercepted_flow, c.share, std::string("checkpoint")});
  }
  for (std::uint32_t e : a.cut.edges)
    chokes.add(midpoint(g.edges()[e].path), {std::monostate{}, std::string("edge"), std::int64_t{e + 1},
                                             g.edges()[e].flow, std::monostate{}, std::string("min_cut")});
}

nlohmann::json corridor_summary(const corridors::CorridorAnalysis& a, std::size_t top) {
  const auto& g = a.graph;
  nlohmann::json j;
  j["nodes"] = g.nodes().size();
  j["edges"] = g.edges().size();
  j["corridors"] = a.corridors.size();
  j["min_cut_flow"] = a.cut.value;
  j["top_corridors"] = nlohmann::json::array();
  for (std::size_t c = 0; c < std::min(top, a.corridors.size()); ++c) {
    const auto& cor = a.corridors[c];
    nlohmann::json places = nlohmann::json::array();
    for (std::uint32_t v : cor.nodes) places.push_back(node_label(g, v));
    j["top_corridors"].push_back({{"rank", c + 1}, {"flow", cor.flow}, {"length_m", cor.length_m},
                                  {"places", places}, {"countries", cor.countries}});
  }
  j["checkpoints"] = nlohmann::json::array();
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    const auto& c = a.checkpoints[i];
    const std::string label = c.is_node ? node_label(g, c.id)
                                        : node_label(g, g.edges()[c.id].from) + " > " + node_label(g, g.edges()[c.id].to);
    j["checkpoints"].push_back({{"rank", i + 1}, {"element", c.is_node ? "node" : "edge"}, {"ref_id", c.id + 1},
                                {"where", label}, {"intercepted_flow", c.intercepted_flow}, {"share", c.share}});
  }
  return j;
}

std::string corridor_summary_text(const corridors::CorridorAnalysis& a, std::size_t top) {
  const auto& g = a.graph;
  std::string s = fmt::format("route graph: {} nodes, {} edges, {} corridors\n\ntop corridors (flow: persons, length-weighted)\n",
                              g.nodes().size(), g.edges().size(), a.corridors.size());
  for (std::size_t c = 0; c < std::min(top, a.corridors.size()); ++c) {
    const auto& cor = a.corridors[c];
    std::string places;
    for (std::uint32_t v : cor.nodes) places += (places.empty() ? "" : " - ") + node_label(g, v);
    s += fmt::format("{:>3}. {:>7.1f}  {:>7.1f} km  {}\n", c + 1, cor.flow, cor.length_m / 1000.0, places);
  }
  s += "\ncheckpoints (greedy: each intercepts the most flow not yet intercepted)\n";
  double cumulative = 0.0;
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    const auto& c = a.checkpoints[i];
    cumulative += c.share;
    const std::string label = c.is_node ? node_label(g, c.id)
                                        : node_label(g, g.edges()[c.id].from) + " > " + node_label(g, g.edges()[c.id].to) +
                                              " (" + std::string(routes::to_string(g.edges()[c.id].mode)) + ")";
    s += fmt::format("{:>3}. {:>7.1f}  {:>5.1f}%  (cumulative {:>5.1f}%)  {}\n", i + 1, c.intercepted_flow,
                     100.0 * c.share, 100.0 * cumulative, label);
  }
  s += fmt::format("\nminimum cut between origins and destinations: {:.1f} across {} edges\n", a.cut.value,
                   a.cut.edges.size());
  return s;
}

}  // namespace borderflow::geodata
