#pragma once
// Navigation over water: shortest sea paths around land, as a navigator
// would plot them. Pure computation in a metric working CRS (metres).
//
// Method (a reduced visibility graph over a grown, generalised coast):
//
//  1. Configuration space. Every land polygon is generalised with
//     Douglas-Peucker (tolerance t = min_channel_m / 16, our own code on the
//     coordinates, so that self-intersecting rings cannot make it fail),
//     repaired when GEOS finds it invalid (geometry::repair_polygonal, which
//     keeps the area the shells enclose), and grown by the clearance
//     r = (min_channel_m / 2 - t) / 1.15 (t = 125 m, r = 761 m by default)
//     with a GEOS buffer of mitre joins bevelled at 1.1 r: one obstacle
//     vertex per convex coast vertex (round joins give two or three, and as
//     many graph nodes); at a corner turning by up to 90 degrees the grown
//     coast is at most 1.144 r from the generalised one. Polygons whose grown envelopes overlap are buffered together
//     (one buffer of their collection is the union of their buffers); the
//     groups are disjoint, so no overlay of the whole coast is needed.
//     The grown land is the obstacle set; water is its complement. Because
//     Douglas-Peucker moves a coast by at most t and the buffer grows it by
//     between r and 1.15 r (at corners turning by up to 90 degrees):
//       * free water keeps at least r - t (636 m by default) off the given
//         land, so a path in free water is never over land;
//       * water wider than min_channel_m stays open (each side grows by at
//         most t + 1.15 r = min_channel_m / 2), except next to a spike (a
//         corner turning by more than 90 degrees), whose bevel may reach
//         up to 1.49 r;
//       * water narrower than 2 (r - t) (1272 m by default, 0.64 of
//         min_channel_m) is closed, as are the slivers and gaps between
//         neighbouring units' polygons. Between those widths the outcome
//         depends on the generalisation and on the angles of the coast.
//  2. Graph. Nodes are the convex vertices of the obstacles, nudged 1 m
//     outward (a node that the nudge puts inside another obstacle is dropped).
//     Edges join two nodes that see each other (the segment meets no obstacle
//     edge; touching counts as blocked) along a line tangent to the obstacle
//     at both ends (the reduced visibility graph: every shortest path between
//     points in free water is a polyline through such edges; Latombe, Robot
//     Motion Planning, 1991, ch. 4). Visibility is tested by walking a uniform
//     grid of obstacle edges along the segment (Amanatides & Woo, 1987),
//     stopping at the first hit; the last few blocking edges are tried first.
//     A node's edges are computed lazily, once (std::call_once), by the first
//     search that expands it: the build costs the obstacles only, and a query
//     pays for the area it explores, once for all later queries.
//  3. Search. A* with the Euclidean heuristic (consistent, so optimal on the
//     graph), expanding only taut continuations (a shortest path turns round
//     the obstacle at a node, never away from it). Each distinct end point is
//     prepared once and cached (up to 20,000 of them): its link to water, its
//     water body and the nodes it sees.
//
//  End points. An end in free water is used as it is. An end inside an
//  obstacle (on land, or at sea within the closed coastal margin) is linked
//  by a straight segment to the nearest point of the obstacle boundary,
//  nudged 1 m out, if that is within port_reach_m; else there is no water
//  path. The link is flagged *_link_over_land when the end lies on the given
//  land or the link crosses the given land's boundary. Water bodies are the
//  holes of the grown land (lakes, lagoons, enclosed slivers) and the open
//  sea. An end inside an obstacle whose nearest water is such a hole is also
//  linked to the nearest open-sea boundary within reach; a leg uses both
//  ends' nearest water when it is one body, else both ends' open-sea links,
//  else there is no water path (answered without a search).
//
//  Length. The path is the exact shortest path in the grown, generalised
//  water, up to the 1 m nudges (at most ~2 m per turn). Against the shortest
//  path around the given land it is longer by the clearance it keeps round
//  each headland (of the order of r per turn), and never shorter than the
//  straight line between its ends.
//
//  Lakes. A hole of the land less than 10 km wide or high (kSmallestLake_m)
//  is land for the navigator, as is any hole the growth fills; larger lakes
//  are water bodies of their own.
//
//  Limitations. A channel between about 0.64 and 1 min_channel_m wide may
//  be open or closed (see above), and one a little wider may close next to a
//  spike of the coast. Links are straight segments: a link may cross a
//  lagoon or a river on its way to the open sea.
//  The working CRS is planar: lengths are those of the projection.
//
// Thread-safety: a Navigator is immutable to its users; route() is const and
// may be called from any number of threads at once (the lazy parts are
// computed once under std::call_once / a mutex). Results do not depend on the
// thread count nor on the order of earlier queries.
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::sea {

struct NavigationOptions {
  // Water wider than this is open; water narrower than 0.64 of it is always
  // closed (see the method above for the exact rule). 2 km keeps every navigable strait of the Bay of Bengal and
  // the Andaman Sea open (Malacca Strait >= 2.8 km at Phillips Channel,
  // Preparis ~ 45 km, Coco ~ 18 km, Ten Degree Channel ~ 150 km) while it
  // closes the slivers between neighbouring countries' polygons and the river
  // mouths that a 1:10m coast cannot resolve.
  double min_channel_m = 2000.0;
  // An end on land, or at sea inside the closed coastal margin, is linked to
  // the nearest navigable water within this distance; farther: no water path.
  double port_reach_m = 30000.0;
  // Threads for the build: 0 = all cores. The result does not depend on it.
  int threads = 0;
};

struct SeaPath {
  geometry::LineString path;  // working CRS metres; front() == from, back() == to
  double length_m = 0;        // planar length in the working CRS
  double start_link_m = 0;    // length of the link from `from` to navigable water (0 when at sea)
  double end_link_m = 0;      // same for `to`
  bool start_link_over_land = false;  // the link from `from` runs over land (a port inland of the coast)
  bool end_link_over_land = false;
};

class Navigator {
 public:
  // land: polygons in a metric working CRS (metres), e.g. one MultiPolygon per
  // country. They may be invalid (self-intersecting rings, slivers and gaps
  // between neighbours, spikes, non-finite vertices, which are skipped): they
  // are repaired, never rejected. Throws GeometryError only when GEOS itself
  // fails on the repaired geometry.
  explicit Navigator(const std::vector<geometry::MultiPolygon>& land, const NavigationOptions& options = {});
  ~Navigator();
  Navigator(Navigator&&) noexcept;
  Navigator& operator=(Navigator&&) noexcept;
  Navigator(const Navigator&) = delete;
  Navigator& operator=(const Navigator&) = delete;

  // Shortest water path from `from` to `to` (working CRS metres); nullopt when
  // there is none: an end farther than port_reach_m from navigable water, or
  // the ends in different water bodies (a lake and the sea).
  std::optional<SeaPath> route(geometry::Coord from, geometry::Coord to) const;

  // Graph nodes (convex obstacle vertices).
  std::size_t node_count() const;
  // Visibility edges computed so far (directed; they are computed lazily, so
  // the count grows with the area the queries have explored; it is the same
  // for the same queries whatever the thread count or order).
  std::size_t edge_count() const;
  // Wall-clock seconds of the constructor.
  double build_seconds() const;

  // The configuration-space parameters derived from the options, for summary.json.
  double simplify_tolerance_m() const;
  double clearance_m() const;
  // The obstacles (generalised land grown by the clearance), for maps and checks.
  const geometry::MultiPolygon& obstacles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace borderflow::sea
