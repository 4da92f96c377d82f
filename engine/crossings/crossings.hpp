#pragma once
// Where route legs cross land borders and coastlines.
//
// Each route is walked as a chain of legs (an `air` leg, or a jump between
// the end of one leg and the start of the next, breaks the chain). The chain
// is cut at every point where it meets a unit boundary, and each piece is
// classified by the units that contain it. A crossing is recorded where the
// traveller enters a unit's own territory having last been in another unit's
// (land) or having come from the sea (coast_in), and where they leave a unit
// for the sea (coast_out). So:
//  * touching a border and turning back is no crossing;
//  * running along a border, or through a sliver where two units overlap,
//    gives one crossing, where the chain enters the other side;
//  * a gap between two units' polygons narrower than coast_gap_m is bridged
//    into one land crossing; water wider than that is sea;
//  * a chain that starts exactly on a border between A and B and goes into B
//    crosses A -> B there; a chain that ends on a border does not cross it;
//  * where a leg starts or ends at sea within coast_gap_m of a unit (a port
//    town just outside a generalised coastline), the route is in that unit there.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/frontier/border_input.hpp"
#include "engine/frontier/frontier.hpp"
#include "engine/geometry/projection.hpp"
#include "engine/routes/route.hpp"

namespace borderflow::crossings {

enum class CrossingKind { land, coast_out, coast_in };
std::string_view to_string(CrossingKind k) noexcept;

struct CrossingOptions {
  // A crossing within this distance of an official port of entry is formal.
  double port_radius_m = 5000.0;
  // Water (or no-man's-land) narrower than this, between two pieces of land,
  // is crossed without leaving the coast. At Natural Earth 1:10m, coastal
  // towns lie up to ~2 km outside the generalised coastline and estuaries
  // cut 3-5 km into it; with 10 m data
  // a few hundred metres is enough.
  double coast_gap_m = 5000.0;
  // An excursion into another unit shorter than this (a leg wobbling along a
  // border it follows) is not a crossing.
  double min_excursion_m = 5.0;
  // Legs are densified to at most this many degrees of lon/lat per segment
  // before projection, so a long leg follows the straight line of a lon/lat map.
  double densify_deg = 0.05;
  // A sea leg may run over land near its ends (ports, estuaries) for this long;
  // more land than max_land_on_sea_leg_m elsewhere on the leg is a warning.
  double coastal_approach_m = 25000.0;
  double max_land_on_sea_leg_m = 2000.0;
  // Threads for the walk over routes (0 = all cores).
  int threads = 0;
};

struct Crossing {
  std::size_t route = 0;       // index into the routes
  std::size_t leg = 0;         // index into that route's legs
  double along_leg_m = 0.0;    // metres from the leg's start (working CRS)
  geometry::Coord xy;          // working CRS
  geometry::Coord lonlat;
  CrossingKind kind = CrossingKind::land;
  std::optional<std::uint32_t> from_unit;  // index into Frontier::units(); none at sea
  std::optional<std::uint32_t> to_unit;
  double weight = 1.0;
  std::optional<std::size_t> port;  // nearest port within port_radius_m
  double port_dist_m = 0.0;         // geodesic metres to that port
};

struct CrossingResult {
  std::vector<Crossing> crossings;  // ordered by route, then along the route
  std::size_t legs = 0;
  std::size_t air_legs = 0;
};

// Ports are in lon/lat. Warnings (sea legs over land, land legs over sea) go
// to `diagnostics`, naming the route and leg.
CrossingResult find_crossings(const frontier::Frontier& frontier, const std::vector<routes::Route>& routes,
                              const geometry::Projection& projection, const std::vector<frontier::Port>& ports,
                              const CrossingOptions& options, Diagnostics& diagnostics);

}  // namespace borderflow::crossings
