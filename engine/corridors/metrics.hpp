#pragma once
// Corridor metrics on the route graph: flows, betweenness, corridors,
// chokepoints (articulation points, bridges, minimum cut) and greedy
// checkpoint placement. Defined in flows.cpp, betweenness.cpp, corridors.cpp
// and chokepoints.cpp (chokepoints and checkpoints) beside this header.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/routes/route_graph.hpp"

namespace borderflow::corridors {

using routes::RouteGraph;

struct NodeFlows {
  std::vector<double> flow_in;        // sum of the flows of in-edges
  std::vector<double> flow_out;       // sum of the flows of out-edges
  std::vector<std::uint32_t> degree;  // in-edges + out-edges
};
NodeFlows node_flows(const RouteGraph& g);

struct Betweenness {
  std::vector<double> node;
  std::vector<double> edge;
};

// Exact betweenness of nodes and edges (Brandes, "A faster algorithm for
// betweenness centrality", J. Math. Sociol. 25, 2001) on the directed graph,
// shortest paths by length_m; parallel edges of different modes are distinct
// shortest paths. Unnormalised, as networkx with normalized=False on a
// directed graph. Parallel over sources: the sources are split into 16 fixed
// blocks whose sums are added in order, so the result is the same whatever
// the number of threads (0 = all cores).
Betweenness betweenness(const RouteGraph& g, int threads = 0);

// The same sums over the given sources only (each counted as often as it is
// listed). With k sources drawn uniformly at random, n / k times the result
// estimates betweenness without bias (Brandes and Pich, "Centrality
// estimation in large networks", 2007); the benchmarks use it to time the
// same work in borderflow and its peers. Throws std::invalid_argument for a
// source that is not a node.
Betweenness betweenness_from_sources(const RouteGraph& g, const std::vector<std::uint32_t>& sources,
                                     int threads = 0);

// Flow-weighted (origin-destination) betweenness: each recorded route puts
// its weight on the shortest paths from its first to its last node, split
// evenly among them (Brandes, "On variants of shortest-path betweenness
// centrality and their generic computation", Social Networks 30, 2008, the
// s-t-weighted variant). Endpoints are not credited, as in betweenness().
Betweenness od_betweenness(const RouteGraph& g, int threads = 0);

struct Corridor {
  std::vector<std::uint32_t> nodes;  // in order along the chain
  std::vector<std::uint32_t> edges;  // every directed edge between consecutive nodes
  double flow = 0.0;       // length-weighted mean over the chain's links of the flow both ways
  double length_m = 0.0;   // the chain's length (each link once)
  std::vector<std::string> countries;  // countries of its nodes, in order of first appearance
};

// Maximal chains of links between junctions: nodes whose number of distinct
// neighbours is not 2. Ranked by flow (descending), then by first node.
std::vector<Corridor> find_corridors(const RouteGraph& g);

struct Structure {
  std::vector<bool> articulation;  // per node, on the undirected graph of links
  std::vector<bool> bridge;        // per edge: its link is a bridge
};
// Articulation points and bridges (Boost.Graph biconnected components).
Structure structure(const RouteGraph& g);

struct MinCut {
  double value = 0.0;                // total capacity (flow) of the cut
  std::vector<std::uint32_t> edges;  // edges crossing from the origin side to the destination side
};
// Minimum cut between the origins (first nodes) and the destinations (last
// nodes) of the recorded routes, with edge flow as capacity (max-flow,
// Dinic). Nodes that are both an origin and a destination are left out of
// the sink side.
MinCut min_cut(const RouteGraph& g);
// The same between given origin and destination nodes.
MinCut min_cut(const RouteGraph& g, const std::vector<std::uint32_t>& origins,
               const std::vector<std::uint32_t>& destinations);

struct Checkpoint {
  bool is_node = false;
  std::uint32_t id = 0;
  double intercepted_flow = 0.0;  // weight of the routes first intercepted here
  double share = 0.0;             // of the total recorded flow
};
enum class CheckpointElements { nodes, edges, both };
// Greedy placement of k checkpoints: each step takes the node or edge that
// intercepts the most weight of routes not yet intercepted (ties: nodes
// before edges, then lowest id). Air edges and the routes' own origin and
// destination nodes are not candidates.
std::vector<Checkpoint> place_checkpoints(const RouteGraph& g, std::size_t k,
                                          CheckpointElements elements = CheckpointElements::both);

}  // namespace borderflow::corridors
