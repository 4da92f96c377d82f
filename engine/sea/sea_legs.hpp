#pragma once
// Sea legs over water: every `sea` leg of the routes is replaced by the
// shortest water path around the analysis's own land (the frontier's land
// layer when a coast was given, else its units), so that crossings, the route
// graph, hot spots, density and maps all use the routed geometry.
//
// Which legs: a sea leg between two places of an itinerary (field reports
// name ports and waypoints, never the track), and a sea leg of a line layer
// that is one straight segment. A sea leg of a line layer with more vertices
// is a recorded track and stays as given, and so does a leg routed before. River legs stay as given (a river
// is not open water in the borders' polygons); air legs cross nothing.
//
// A leg with no water path (both ends inland beyond reach, or a lake) stays
// straight, with a warning naming the route and the leg.
#include <cstddef>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/frontier/frontier.hpp"
#include "engine/geometry/projection.hpp"
#include "engine/routes/route.hpp"
#include "engine/sea/navigation.hpp"

namespace borderflow::sea {

struct SeaLegOptions {
  NavigationOptions navigation;
  // The routed path (straight in the working CRS between its turns) gets a
  // vertex at least every densify_m before it goes back to lon/lat, so that
  // the lon/lat line between two vertices stays within a metre of it.
  double densify_m = 2000.0;
  int threads = 0;  // 0 = all cores; the result does not depend on it
};

struct SeaRoutingReport {
  std::size_t sea_legs = 0;        // legs in sea mode
  std::size_t routed = 0;          // replaced by their water path
  std::size_t as_given = 0;        // recorded tracks, kept
  std::size_t no_water_path = 0;   // kept straight, with a warning
  std::size_t land_links = 0;      // routed legs with an end linked to water over land
  std::size_t nodes = 0;           // navigation graph nodes
  std::size_t edges = 0;           // visibility edges computed
  double build_seconds = 0.0;
  double route_seconds = 0.0;
  double clearance_m = 0.0;
  double simplify_tolerance_m = 0.0;
};

// `path` (working CRS) with a vertex at least every `step` metres along each segment.
geometry::LineString densified_path(const geometry::LineString& path, double step);

// Routes the sea legs of `routes` in place (lon/lat in, lon/lat out). The
// working CRS is the frontier's (`projection`).
SeaRoutingReport route_sea_legs(std::vector<routes::Route>& routes, const frontier::Frontier& frontier,
                                const geometry::Projection& projection, const SeaLegOptions& options,
                                Diagnostics& diagnostics);

}  // namespace borderflow::sea
