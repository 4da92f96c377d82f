#include "engine/sea/sea_legs.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "engine/core/parallel.hpp"

namespace borderflow::sea {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

geometry::LineString densified_path(const geometry::LineString& path, double step) {
  geometry::LineString out;
  if (path.empty()) return out;
  out.push_back(path.front());
  for (std::size_t i = 1; i < path.size(); ++i) {
    const geometry::Coord a = path[i - 1], b = path[i];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const auto n = static_cast<std::size_t>(std::ceil(len / step));
    for (std::size_t k = 1; k < n; ++k) {
      const double t = static_cast<double>(k) / static_cast<double>(n);
      out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
    out.push_back(b);
  }
  return out;
}

namespace {

bool to_route(const routes::Leg& leg) {
  if (leg.mode != routes::Mode::sea || leg.path.size() < 2 || leg.sea_routed) return false;
  return leg.from_place.has_value() || leg.path.size() == 2;
}

}  // namespace

SeaRoutingReport route_sea_legs(std::vector<routes::Route>& routes, const frontier::Frontier& frontier,
                                const geometry::Projection& projection, const SeaLegOptions& options,
                                Diagnostics& diagnostics) {
  SeaRoutingReport report;
  // The legs to route, in route order.
  struct Job {
    std::size_t route, leg;
  };
  std::vector<Job> jobs;
  for (std::size_t r = 0; r < routes.size(); ++r)
    for (std::size_t l = 0; l < routes[r].legs.size(); ++l) {
      const routes::Leg& leg = routes[r].legs[l];
      if (leg.mode != routes::Mode::sea) continue;
      ++report.sea_legs;
      if (to_route(leg)) jobs.push_back({r, l});
      else if (leg.path.size() >= 2) ++report.as_given;
    }
  if (jobs.empty()) return report;

  // The land to navigate around: the explicit land layer, else every unit.
  std::vector<geometry::MultiPolygon> land;
  if (frontier.land_layer()) {
    land.push_back(frontier.land_layer()->area);
  } else {
    for (const auto& unit : frontier.units()) land.push_back(unit.area);
  }
  NavigationOptions nav_options = options.navigation;
  nav_options.threads = options.threads;
  const Navigator navigator(land, nav_options);
  report.build_seconds = navigator.build_seconds();
  report.clearance_m = navigator.clearance_m();
  report.simplify_tolerance_m = navigator.simplify_tolerance_m();

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::optional<SeaPath>> paths(jobs.size());
  const int threads = thread_count(options.threads);
#pragma omp parallel num_threads(threads)
  {
    const geometry::Projection proj = projection.clone();  // PROJ contexts are per thread
#pragma omp for schedule(dynamic, 8)
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const routes::Leg& leg = routes[jobs[j].route].legs[jobs[j].leg];
      const geometry::Coord a = proj.forward(leg.path.front()), b = proj.forward(leg.path.back());
      if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) continue;
      paths[j] = navigator.route(a, b);
      if (!paths[j]) continue;
      geometry::LineString lonlat = densified_path(paths[j]->path, options.densify_m);
      proj.inverse_in_place(lonlat);
      lonlat.front() = leg.path.front();  // the given ends, exactly
      lonlat.back() = leg.path.back();
      paths[j]->path = std::move(lonlat);
    }
  }
  report.route_seconds = seconds_since(start);

  for (std::size_t j = 0; j < jobs.size(); ++j) {
    routes::Route& route = routes[jobs[j].route];
    routes::Leg& leg = route.legs[jobs[j].leg];
    if (!paths[j]) {
      ++report.no_water_path;
      diagnostics.warn(route.origin, "route '" + route.attributes.route_id + "', leg " + std::to_string(jobs[j].leg + 1) +
                                         " (sea): no water path between its ends (an end inland farther than " +
                                         std::to_string(static_cast<int>(options.navigation.port_reach_m / 1000.0)) +
                                         " km from the sea, or a lake); the leg is kept straight");
      continue;
    }
    leg.path = std::move(paths[j]->path);
    leg.sea_routed = true;
    leg.land_link_m = (paths[j]->start_link_over_land ? paths[j]->start_link_m : 0.0) +
                      (paths[j]->end_link_over_land ? paths[j]->end_link_m : 0.0);
    if (leg.land_link_m > 0.0) ++report.land_links;
    ++report.routed;
  }
  report.nodes = navigator.node_count();
  report.edges = navigator.edge_count();
  return report;
}

}  // namespace borderflow::sea
