#pragma once
// Sea routing in the pipeline: the frontier of the inputs is built once, the
// sea legs of the routes are routed over water around its land (settings
// [sea]), then every analysis uses the routed geometry.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/crossings/analysis.hpp"
#include "engine/sea/navigation.hpp"
#include "engine/sea/sea_legs.hpp"
#include "geodata/load.hpp"
#include "pipeline/settings.hpp"

namespace borderflow::pipeline {

// The engine's options from the settings; UsageError for bad values.
sea::SeaLegOptions sea_options(const AnalysisSettings& s);
bool sea_routing_on(const AnalysisSettings& s);

// Builds the frontier of `in` and, unless sea routing is off, routes the sea
// legs of in.routes.routes in place. `report` gets what was done.
crossings::PreparedFrontier prepare_routes(geodata::LoadedInputs& in, const AnalysisSettings& s,
                                           sea::SeaRoutingReport& report);

// summary.json's "sea_routing" section (no timings: the same inputs give the
// same summary), and a line for the terminal (with them; empty without sea legs).
nlohmann::json sea_routing_json(const AnalysisSettings& s, const sea::SeaRoutingReport& report);
std::string sea_routing_text(const AnalysisSettings& s, const sea::SeaRoutingReport& report);

// One water path between two lon/lat points around the land of a dataset
// (the Python module's sea_route). Thread-safe.
class SeaRouter {
 public:
  SeaRouter(const geodata::LoadedInputs& in, const AnalysisSettings& s);
  struct Path {
    geometry::LineString lonlat;  // from the first point to the second
    double length_m = 0.0;        // geodesic length of the path
    double land_link_m = 0.0;     // of it, the links from inland ends to the water
  };
  // nullopt: no water path (an end too far inland, or a lake).
  std::optional<Path> route(geometry::Coord from_lonlat, geometry::Coord to_lonlat) const;
  const sea::Navigator& navigator() const noexcept { return *navigator_; }

 private:
  std::unique_ptr<crossings::PreparedFrontier> frontier_;
  std::unique_ptr<sea::Navigator> navigator_;
  double densify_m_;
  mutable std::mutex projection_mutex_;  // PROJ contexts are not shared between threads
};

}  // namespace borderflow::pipeline
