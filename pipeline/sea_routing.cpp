#include "pipeline/sea_routing.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/geometry/geodesic.hpp"
#include "pipeline/frontier_cache.hpp"

namespace borderflow::pipeline {

bool sea_routing_on(const AnalysisSettings& s) {
  if (s.sea.routing == "on") return true;
  if (s.sea.routing == "off") return false;
  throw UsageError("`sea_routing` '" + s.sea.routing + "': use on or off");
}

sea::SeaLegOptions sea_options(const AnalysisSettings& s) {
  if (!(s.sea.min_channel_m > 0.0) || !std::isfinite(s.sea.min_channel_m))
    throw UsageError("`min_channel_m` must be a finite number > 0 (metres)");
  if (!(s.sea.port_reach_km >= 0.0) || !std::isfinite(s.sea.port_reach_km))
    throw UsageError("`port_reach_km` must be a finite number >= 0 (kilometres)");
  sea::SeaLegOptions o;
  o.navigation.min_channel_m = s.sea.min_channel_m;
  o.navigation.port_reach_m = s.sea.port_reach_km * 1000.0;
  o.threads = s.threads;
  return o;
}

namespace {

crossings::PreparedFrontier frontier_of(const geodata::LoadedInputs& in, const AnalysisSettings& s, Diagnostics& d,
                                        std::string& cache_status) {
  crossings::CrossingAnalysisOptions o = s.crossing;
  o.crossing.threads = s.threads;
  return cached_frontier(in, s, o, d, cache_status);
}

std::vector<geometry::MultiPolygon> land_of(const frontier::Frontier& f) {
  std::vector<geometry::MultiPolygon> land;
  if (f.land_layer()) land.push_back(f.land_layer()->area);
  else
    for (const auto& u : f.units()) land.push_back(u.area);
  return land;
}

}  // namespace

crossings::PreparedFrontier prepare_routes(geodata::LoadedInputs& in, const AnalysisSettings& s,
                                           sea::SeaRoutingReport& report) {
  const bool on = sea_routing_on(s);
  const sea::SeaLegOptions options = sea_options(s);
  std::string cache_status;
  crossings::PreparedFrontier prepared = frontier_of(in, s, in.diagnostics, cache_status);
  if (!in.cache.empty()) in.cache["frontier"] = cache_status;
  report = {};
  if (on) report = sea::route_sea_legs(in.routes.routes, prepared.frontier, prepared.projection, options, in.diagnostics);
  else
    for (const auto& r : in.routes.routes)
      for (const auto& l : r.legs) report.sea_legs += l.mode == routes::Mode::sea;
  return prepared;
}

nlohmann::json sea_routing_json(const AnalysisSettings& s, const sea::SeaRoutingReport& r) {
  const bool on = s.sea.routing == "on";
  nlohmann::json j = {{"routing", s.sea.routing},
                      {"sea_legs", r.sea_legs},
                      {"routed_over_water", r.routed},
                      {"kept_as_given", r.as_given},
                      {"no_water_path", r.no_water_path},
                      {"with_land_link", r.land_links}};
  if (on && r.routed + r.no_water_path > 0)
    j["navigation"] = {{"method", "reduced visibility graph over the land, generalised and grown by a clearance"},
                       {"min_channel_m", s.sea.min_channel_m},
                       {"port_reach_m", s.sea.port_reach_km * 1000.0},
                       {"clearance_m", r.clearance_m},
                       {"simplify_tolerance_m", r.simplify_tolerance_m},
                       {"nodes", r.nodes},
                       {"edges", r.edges}};
  // No timings here: summary.json is the same for the same inputs (the times
  // are in the terminal summary).
  return j;
}

std::string sea_routing_text(const AnalysisSettings& s, const sea::SeaRoutingReport& r) {
  if (r.sea_legs == 0) return {};
  if (s.sea.routing != "on") return "Sea routing off: " + std::to_string(r.sea_legs) + " sea legs kept as given\n";
  std::string t = "Sea legs: " + std::to_string(r.routed) + " of " + std::to_string(r.sea_legs) + " routed over water";
  if (r.as_given) t += ", " + std::to_string(r.as_given) + " recorded tracks kept";
  if (r.no_water_path) t += ", " + std::to_string(r.no_water_path) + " with no water path (kept straight, see warnings)";
  if (r.land_links) t += ", " + std::to_string(r.land_links) + " linked to the sea over land";
  if (r.routed + r.no_water_path > 0)
    t += fmt::format(" (navigation graph of {} nodes built in {:.2f} s, legs routed in {:.2f} s)", r.nodes,
                     r.build_seconds, r.route_seconds);
  return t + "\n";
}

SeaRouter::SeaRouter(const geodata::LoadedInputs& in, const AnalysisSettings& s)
    : frontier_([&] {
        Diagnostics ignored;  // the inputs' warnings were given when they were read
        std::string status;
        return std::make_unique<crossings::PreparedFrontier>(frontier_of(in, s, ignored, status));
      }()) {
  const sea::SeaLegOptions o = sea_options(s);
  densify_m_ = o.densify_m;
  sea::NavigationOptions n = o.navigation;
  n.threads = o.threads;
  navigator_ = std::make_unique<sea::Navigator>(land_of(frontier_->frontier), n);
}

std::optional<SeaRouter::Path> SeaRouter::route(geometry::Coord from, geometry::Coord to) const {
  geometry::Coord a, b;
  {
    std::lock_guard lock(projection_mutex_);
    a = frontier_->projection.forward(from);
    b = frontier_->projection.forward(to);
  }
  if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y))
    throw UsageError("a point of sea_route cannot be projected into the working CRS (is it lon, lat in degrees?)");
  auto p = navigator_->route(a, b);
  if (!p) return std::nullopt;
  Path out;
  out.lonlat = sea::densified_path(p->path, densify_m_);
  {
    std::lock_guard lock(projection_mutex_);
    frontier_->projection.inverse_in_place(out.lonlat);
  }
  out.lonlat.front() = from;
  out.lonlat.back() = to;
  out.length_m = geometry::geodesic_length_m(out.lonlat);
  out.land_link_m = (p->start_link_over_land ? p->start_link_m : 0.0) + (p->end_link_over_land ? p->end_link_m : 0.0);
  return out;
}

}  // namespace borderflow::pipeline
