#pragma once
// The graph of known routes: nodes are places (itinerary routes) or leg
// endpoints snapped together (line routes); edges are legs, directed in the
// direction of travel, merged when they join the same two nodes by the same
// mode.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/geometry/types.hpp"
#include "engine/routes/gazetteer.hpp"
#include "engine/routes/route.hpp"

namespace borderflow::routes {

struct GraphOptions {
  // Leg endpoints of line routes closer than this are one node (metres).
  double snap_m = 500.0;
};

struct GraphNode {
  std::string name;     // the place's name, or "" for a snapped endpoint
  std::string kind;     // the place's kind, or "junction"
  std::string country;  // the place's country, when known
  geometry::Coord lonlat;
  std::optional<std::size_t> place;  // gazetteer index
};

struct GraphEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  Mode mode = Mode::unknown;
  double flow = 0.0;                     // sum of the weights of the routes using it
  std::uint32_t n_routes = 0;            // distinct routes using it
  std::array<double, 3> flow_by_crime{};  // indexed by Crime: tip, som, unknown
  double length_m = 0.0;                 // geodesic length of its path
  geometry::LineString path;             // lon/lat, from the first leg that made it
  bool sea_routed = false;               // that leg was routed over water (engine/sea)
  double land_link_m = 0.0;              // of its path, the links from inland ends to the water
};

class RouteGraph {
 public:
  // Builds the graph. `places` may be null for line routes only.
  static RouteGraph build(const std::vector<Route>& routes, const Gazetteer* places, const GraphOptions& options = {});

  const std::vector<GraphNode>& nodes() const noexcept { return nodes_; }
  const std::vector<GraphEdge>& edges() const noexcept { return edges_; }
  // For every route (same order as the input), the edges it uses in order;
  // air legs included.
  const std::vector<std::vector<std::uint32_t>>& route_edges() const noexcept { return route_edges_; }
  // For every route, the edge of each of its legs, aligned with Route::legs;
  // nullopt for a leg that makes no edge (fewer than two points, or one that
  // starts and ends at the same node).
  const std::vector<std::vector<std::optional<std::uint32_t>>>& leg_edges() const noexcept { return leg_edges_; }
  // Route weights, in route order.
  const std::vector<double>& route_weights() const noexcept { return route_weights_; }

  // Out- and in-edges of each node (edge ids, ascending).
  const std::vector<std::uint32_t>& out_edges(std::uint32_t node) const { return out_[node]; }
  const std::vector<std::uint32_t>& in_edges(std::uint32_t node) const { return in_[node]; }

  // Node whose name or alias (through the gazetteer) matches, nullopt when none.
  std::optional<std::uint32_t> find_node(const std::string& name, const Gazetteer* places) const;

  // For tests and the Python module: a graph from explicit nodes and edges
  // (flows, lengths and modes as given).
  static RouteGraph from_parts(std::vector<GraphNode> nodes, std::vector<GraphEdge> edges,
                               std::vector<std::vector<std::uint32_t>> route_edges = {},
                               std::vector<double> route_weights = {});

 private:
  void index();
  std::vector<GraphNode> nodes_;
  std::vector<GraphEdge> edges_;
  std::vector<std::vector<std::uint32_t>> route_edges_;
  std::vector<std::vector<std::optional<std::uint32_t>>> leg_edges_;
  std::vector<double> route_weights_;
  std::vector<std::vector<std::uint32_t>> out_;
  std::vector<std::vector<std::uint32_t>> in_;
};

}  // namespace borderflow::routes
