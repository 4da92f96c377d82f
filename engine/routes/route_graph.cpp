#include "engine/routes/route_graph.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "engine/geometry/geodesic.hpp"

namespace borderflow::routes {
namespace {

// Snaps lon/lat points into nodes within snap_m, on a grid of cells of snap_m
// in a local equirectangular approximation (good to well under 1 % for
// distances of a few km).
class EndpointSnapper {
 public:
  explicit EndpointSnapper(double snap_m) : snap_m_(std::max(snap_m, 0.0)) {}

  std::optional<std::uint32_t> find(geometry::Coord p) const {
    if (snap_m_ <= 0) {
      auto it = exact_.find({p.x, p.y});
      return it == exact_.end() ? std::nullopt : std::optional(it->second);
    }
    const auto [cx, cy] = cell(p);
    std::optional<std::uint32_t> best;
    double best_d = snap_m_;
    // Cells are snap_m wide at the equator; at latitude phi a point snap_m away
    // can be up to 1/cos(phi) cells away in x (phi taken a little poleward).
    const double phi = std::min(89.0, std::abs(p.y) + 0.1) * 3.14159265358979323846 / 180.0;
    const long reach_x = 1 + static_cast<long>(std::ceil(1.0 / std::cos(phi)));
    for (long dx = -reach_x; dx <= reach_x; ++dx)
      for (long dy = -1; dy <= 1; ++dy) {
        auto it = grid_.find({cx + dx, cy + dy});
        if (it == grid_.end()) continue;
        for (const auto& [q, id] : it->second) {
          const double d = geometry::geodesic_distance_m(p, q);
          if (d <= best_d && (!best || d < best_d || id < *best)) {
            best_d = d;
            best = id;
          }
        }
      }
    return best;
  }

  void add(geometry::Coord p, std::uint32_t id) {
    if (snap_m_ <= 0)
      exact_[{p.x, p.y}] = id;
    else
      grid_[cell(p)].push_back({p, id});
  }

 private:
  // One grid for all latitudes: x in equatorial metres of longitude, y in
  // metres of latitude (110574 m per degree is the smallest, at the equator).
  std::pair<long, long> cell(geometry::Coord p) const {
    return {static_cast<long>(std::floor(p.x * 111320.0 / snap_m_)),
            static_cast<long>(std::floor(p.y * 110574.0 / snap_m_))};
  }
  double snap_m_;
  std::map<std::pair<long, long>, std::vector<std::pair<geometry::Coord, std::uint32_t>>> grid_;
  std::map<std::pair<double, double>, std::uint32_t> exact_;
};

}  // namespace

RouteGraph RouteGraph::build(const std::vector<Route>& routes, const Gazetteer* places, const GraphOptions& options) {
  RouteGraph g;
  std::map<std::size_t, std::uint32_t> node_of_place;
  EndpointSnapper snapper(options.snap_m);
  auto place_node = [&](std::size_t place) {
    auto [it, fresh] = node_of_place.emplace(place, static_cast<std::uint32_t>(g.nodes_.size()));
    if (fresh) {
      const Place& p = (*places)[place];
      g.nodes_.push_back({p.name, p.kind, p.country, p.lonlat, place});
    }
    return it->second;
  };
  auto point_node = [&](geometry::Coord p) {
    if (auto id = snapper.find(p)) return *id;
    const auto id = static_cast<std::uint32_t>(g.nodes_.size());
    g.nodes_.push_back({"", "junction", "", p, std::nullopt});
    snapper.add(p, id);
    return id;
  };
  std::map<std::tuple<std::uint32_t, std::uint32_t, int>, std::uint32_t> edge_of;
  for (const Route& r : routes) {
    std::vector<std::uint32_t> used;
    std::vector<std::optional<std::uint32_t>> per_leg(r.legs.size());
    std::set<std::uint32_t> distinct;
    for (std::size_t k = 0; k < r.legs.size(); ++k) {
      const Leg& leg = r.legs[k];
      if (leg.path.size() < 2) continue;
      const std::uint32_t from = (leg.from_place && places) ? place_node(*leg.from_place) : point_node(leg.path.front());
      const std::uint32_t to = (leg.to_place && places) ? place_node(*leg.to_place) : point_node(leg.path.back());
      if (from == to) continue;  // a leg that goes nowhere (same place twice)
      auto [it, fresh] = edge_of.emplace(std::tuple{from, to, static_cast<int>(leg.mode)},
                                         static_cast<std::uint32_t>(g.edges_.size()));
      if (fresh) {
        GraphEdge e;
        e.from = from;
        e.to = to;
        e.mode = leg.mode;
        e.path = leg.path;
        e.length_m = geometry::geodesic_length_m(leg.path);
        e.sea_routed = leg.sea_routed;
        e.land_link_m = leg.land_link_m;
        g.edges_.push_back(std::move(e));
      }
      GraphEdge& e = g.edges_[it->second];
      e.flow += r.attributes.weight;
      e.flow_by_crime[static_cast<std::size_t>(r.attributes.crime)] += r.attributes.weight;
      if (distinct.insert(it->second).second) ++e.n_routes;
      used.push_back(it->second);
      per_leg[k] = it->second;
    }
    g.route_edges_.push_back(std::move(used));
    g.leg_edges_.push_back(std::move(per_leg));
    g.route_weights_.push_back(r.attributes.weight);
  }
  g.index();
  return g;
}

RouteGraph RouteGraph::from_parts(std::vector<GraphNode> nodes, std::vector<GraphEdge> edges,
                                  std::vector<std::vector<std::uint32_t>> route_edges, std::vector<double> route_weights) {
  RouteGraph g;
  g.nodes_ = std::move(nodes);
  g.edges_ = std::move(edges);
  g.route_edges_ = std::move(route_edges);
  g.route_weights_ = std::move(route_weights);
  g.route_weights_.resize(g.route_edges_.size(), 1.0);
  g.index();
  return g;
}

void RouteGraph::index() {
  out_.assign(nodes_.size(), {});
  in_.assign(nodes_.size(), {});
  for (std::uint32_t e = 0; e < edges_.size(); ++e) {
    out_[edges_[e].from].push_back(e);
    in_[edges_[e].to].push_back(e);
  }
}

std::optional<std::uint32_t> RouteGraph::find_node(const std::string& name, const Gazetteer* places) const {
  if (places) {
    if (auto place = places->find(name))
      for (std::uint32_t n = 0; n < nodes_.size(); ++n)
        if (nodes_[n].place == *place) return n;
  }
  for (std::uint32_t n = 0; n < nodes_.size(); ++n)
    if (nodes_[n].name == name) return n;
  return std::nullopt;
}

}  // namespace borderflow::routes
