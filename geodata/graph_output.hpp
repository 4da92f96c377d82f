#pragma once
// The route_edges, route_nodes, corridors and chokepoints layers of the output
// contract (DESIGN.md), and the corridor summary.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/corridors/analysis.hpp"
#include "geodata/layer_writer.hpp"

namespace borderflow::geodata {

// route_edges: edge_id, from_node, to_node, mode, flow, n_routes, length_m,
// betweenness, corridor_id, is_bridge, flow_tip, flow_som, flow_unknown,
// od_betweenness. route_nodes: node_id, name, kind, degree, flow_in,
// flow_out, betweenness, is_articulation, od_betweenness. corridors: corridor_id, rank, flow, length_m, n_edges,
// countries ("BGD > IND"). chokepoints (points; an edge is placed at the
// middle of its path): rank, element (node/edge), ref_id, intercepted_flow,
// share, kind (checkpoint: the greedy ranking; min_cut: an edge of the
// minimum cut between origins and destinations, unranked).
void write_graph_layers(OutputDataset& out, const corridors::CorridorAnalysis& analysis);

nlohmann::json corridor_summary(const corridors::CorridorAnalysis& analysis, std::size_t top = 10);
std::string corridor_summary_text(const corridors::CorridorAnalysis& analysis, std::size_t top = 10);

// "Jashore" or "node 12" for nodes without a name.
std::string node_label(const routes::RouteGraph& g, std::uint32_t node);

}  // namespace borderflow::geodata
