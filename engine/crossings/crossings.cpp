#include "engine/crossings/crossings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <set>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine/core/error.hpp"
#include "engine/geometry/geodesic.hpp"
#include "engine/geometry/planar.hpp"

namespace borderflow::crossings {

std::string_view to_string(CrossingKind k) noexcept {
  switch (k) {
    case CrossingKind::land: return "land";
    case CrossingKind::coast_out: return "coast_out";
    case CrossingKind::coast_in: return "coast_in";
  }
  return "land";
}

namespace {

using geometry::Coord;
namespace planar = geometry::planar;

std::string km(double metres) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", metres / 1000.0);
  return buf;
}

struct Piece {
  std::size_t leg = 0;
  double length = 0.0;
  double leg_s0 = 0.0;  // metres from the leg's start
  double leg_s1 = 0.0;
  Coord a, b;           // working CRS, at the piece's start and end
  std::vector<std::uint32_t> units;
  bool land = false;
  bool stop = false;  // a place just off a unit's coast where the route stops: counts as being in that unit
};

struct Walker {
  const frontier::Frontier& frontier;
  const CrossingOptions& options;
  frontier::Frontier::Scratch scratch;
  std::vector<std::uint32_t> units;
  std::vector<double> ts;

  // Cuts one projected leg into classified pieces, appended to `out`.
  //
  // Most segments of a leg lie far from every boundary. When no boundary
  // segment comes within the closure's 1e-6 m of the segment's box (none is
  // in the cells it meets, or none's box meets it), nothing
  // is crossed on it and its midpoint is in the units of the piece before, so
  // the piece is extended without a point-in-unit test, as the merge below
  // would have done after one: provided that piece ends where this segment
  // begins and its own midpoint was not decided by the closure (`clean`).
  void cut(const geometry::LineString& xy, std::size_t leg, std::vector<Piece>& out) {
    constexpr double near = frontier::Frontier::kOnBoundaryM;
    double leg_s = 0.0;
    bool clean = false;  // out.back() is this leg's, up to leg_s, and its units hold a boundary-free stretch
    for (std::size_t i = 0; i + 1 < xy.size(); ++i) {
      const Coord p = xy[i];
      const Coord q = xy[i + 1];
      const double seg_len = planar::distance(p, q);
      if (seg_len == 0.0) continue;
      ts.assign({0.0, 1.0});
      std::size_t near_segments = 0;
      const double x0 = std::min(p.x, q.x), y0 = std::min(p.y, q.y), x1 = std::max(p.x, q.x), y1 = std::max(p.y, q.y);
      auto test = [&](const geometry::Segment& s) {
        ++near_segments;
        if (std::max(s.a.x, s.b.x) < x0 || std::min(s.a.x, s.b.x) > x1 || std::max(s.a.y, s.b.y) < y0 ||
            std::min(s.a.y, s.b.y) > y1)
          return;  // not in the box itself: the segments tested are those the box's index query gives
        planar::segment_intersections(p, q, s.a, s.b, ts);
      };
      // The frontier's cells hold every segment near the box (and a few more,
      // which only stop the shortcut above); a long segment asks the index.
      if (!frontier.visit_cells(x0 - near, y0 - near, x1 + near, y1 + near, scratch, test))
        frontier.index().query(x0 - near, y0 - near, x1 + near, y1 + near, test);
      if (near_segments == 0 && clean && out.back().leg == leg && std::abs(out.back().leg_s1 - leg_s) < 1e-6) {
        // The merge below, with t0 = 0 and t1 = 1, in its operation order.
        const double s1 = leg_s + 1.0 * seg_len;
        out.back().leg_s1 = s1;
        out.back().length += s1 - leg_s;
        out.back().b = planar::lerp(p, q, 1.0);
        leg_s += seg_len;
        continue;
      }
      clean = false;
      std::sort(ts.begin(), ts.end());
      for (std::size_t k = 0; k + 1 < ts.size(); ++k) {
        const double t0 = ts[k];
        const double t1 = ts[k + 1];
        if ((t1 - t0) * seg_len < 1e-9) continue;
        bool land = false, on_boundary = false;
        frontier.classify(planar::lerp(p, q, (t0 + t1) / 2), units, scratch, &land, &on_boundary);
        clean = !on_boundary && k + 2 == ts.size();
        const double s0 = leg_s + t0 * seg_len;
        const double s1 = leg_s + t1 * seg_len;
        if (!out.empty() && out.back().leg == leg && out.back().units == units && out.back().land == land &&
            std::abs(out.back().leg_s1 - s0) < 1e-6) {
          out.back().leg_s1 = s1;
          out.back().length += s1 - s0;
          out.back().b = planar::lerp(p, q, t1);
          continue;
        }
        Piece piece;
        piece.leg = leg;
        piece.length = s1 - s0;
        piece.leg_s0 = s0;
        piece.leg_s1 = s1;
        piece.a = planar::lerp(p, q, t0);
        piece.b = planar::lerp(p, q, t1);
        piece.units = units;
        piece.land = land;
        out.push_back(std::move(piece));
      }
      leg_s += seg_len;
    }
  }
};

struct Emitter {
  std::size_t route;
  double weight;
  std::vector<Crossing>& out;
  void emit(CrossingKind kind, std::optional<std::uint32_t> from, std::optional<std::uint32_t> to, std::size_t leg,
            double along, Coord xy) {
    Crossing c;
    c.route = route;
    c.leg = leg;
    c.along_leg_m = along;
    c.xy = xy;
    c.kind = kind;
    c.from_unit = from;
    c.to_unit = to;
    c.weight = weight;
    out.push_back(c);
  }
};

// The state machine described in crossings.hpp over one chain of pieces.
void classify_chain(const std::vector<Piece>& pieces, const std::vector<std::uint32_t>& start_units,
                    const CrossingOptions& o, Emitter& em) {
  std::optional<std::uint32_t> last;
  std::size_t exit_leg = 0;
  double exit_along = 0.0;
  Coord exit_xy{};
  double sea_run = 0.0;
  std::vector<std::uint32_t> at_start = start_units;
  bool left_start = false;  // the chain has been somewhere other than its starting border
  for (const Piece& p : pieces) {
    const bool exclusive = p.units.size() == 1 && (p.length >= o.min_excursion_m || p.stop);
    if (exclusive) {
      const std::uint32_t u = p.units[0];
      if (last) {
        if (sea_run > o.coast_gap_m) {
          em.emit(CrossingKind::coast_out, *last, std::nullopt, exit_leg, exit_along, exit_xy);
          em.emit(CrossingKind::coast_in, std::nullopt, u, p.leg, p.leg_s0, p.a);
        } else if (u != *last) {
          em.emit(CrossingKind::land, *last, u, p.leg, p.leg_s0, p.a);
        }
      } else if (sea_run > o.coast_gap_m) {
        em.emit(CrossingKind::coast_in, std::nullopt, u, p.leg, p.leg_s0, p.a);
      } else if (!left_start) {
        for (std::uint32_t a : at_start)
          if (a != u) {
            em.emit(CrossingKind::land, a, u, p.leg, p.leg_s0, p.a);
            break;
          }
      }
      last = u;
      sea_run = 0.0;
      exit_leg = p.leg;
      exit_along = p.leg_s1;
      exit_xy = p.b;
      left_start = true;
    } else if (!p.units.empty()) {
      if (!last && !left_start) at_start.insert(at_start.end(), p.units.begin(), p.units.end());
      if (last && std::find(p.units.begin(), p.units.end(), *last) != p.units.end()) {
        if (sea_run > o.coast_gap_m) {  // back to the same coast after open sea
          em.emit(CrossingKind::coast_out, *last, std::nullopt, exit_leg, exit_along, exit_xy);
          em.emit(CrossingKind::coast_in, std::nullopt, *last, p.leg, p.leg_s0, p.a);
        }
        sea_run = 0.0;
        exit_leg = p.leg;
        exit_along = p.leg_s1;
        exit_xy = p.b;
      }
    } else {
      if (!p.land) sea_run += p.length;
      left_start = left_start || p.length > o.min_excursion_m;
    }
  }
  if (last && sea_run > o.coast_gap_m) em.emit(CrossingKind::coast_out, *last, std::nullopt, exit_leg, exit_along, exit_xy);
}

std::string unit_list(const frontier::Frontier& f, const std::set<std::uint32_t>& units) {
  std::string s;
  for (std::uint32_t u : units) s += (s.empty() ? "" : ", ") + f.units()[u].id;
  return s;
}

// Warnings about legs whose mode does not fit where they go.
void check_leg_medium(const frontier::Frontier& f, const routes::Route& route, std::size_t leg_index,
                      const std::vector<Piece>& pieces, std::size_t first_piece, const CrossingOptions& o,
                      std::vector<Warning>& warnings) {
  const routes::Leg& leg = route.legs[leg_index];
  if (first_piece >= pieces.size()) return;
  const double leg_len = pieces.back().leg_s1;
  const std::string which = "route '" + route.attributes.route_id + "', leg " + std::to_string(leg_index + 1) + " (" +
                            std::string(routes::to_string(leg.mode)) + ")";
  if (leg.mode == routes::Mode::sea) {
    const double lo = o.coastal_approach_m;
    const double hi = leg_len - o.coastal_approach_m;
    double over_land = 0.0;
    std::set<std::uint32_t> where;
    for (std::size_t i = first_piece; i < pieces.size(); ++i) {
      const Piece& p = pieces[i];
      if (p.units.empty() && !p.land) continue;
      const double s = std::max(lo, p.leg_s0);
      const double e = std::min(hi, p.leg_s1);
      if (e > s) {
        over_land += e - s;
        where.insert(p.units.begin(), p.units.end());
      }
    }
    if (over_land > o.max_land_on_sea_leg_m)
      warnings.push_back({route.origin, which + " runs " + km(over_land) + " km over land (" +
                                            (where.empty() ? std::string("unnamed land") : unit_list(f, where)) +
                                            ") away from its ends; check the waypoints or the mode"});
  } else if (leg.mode == routes::Mode::land) {
    double run = 0.0;
    double worst = 0.0;
    for (std::size_t i = first_piece; i < pieces.size(); ++i) {
      const Piece& p = pieces[i];
      if (p.units.empty() && !p.land) {
        run += p.length;
        worst = std::max(worst, run);
      } else {
        run = 0.0;
      }
    }
    if (worst > o.coast_gap_m)
      warnings.push_back({route.origin, which + " crosses " + km(worst) +
                                            " km of open water; check the places or the mode (sea or river)"});
  }
}

// Ports in the working CRS, bucketed on a grid of cell = radius.
class PortIndex {
 public:
  PortIndex(const std::vector<frontier::Port>& ports, const geometry::Projection& proj, double radius_m)
      : ports_(ports), cell_(std::max(radius_m, 1.0) * 1.25) {
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const Coord xy = proj.forward(ports[i].lonlat);
      if (!std::isfinite(xy.x)) continue;
      grid_[key(xy)].push_back(i);
    }
  }
  // Nearest port within radius_m (geodesic), or nullopt.
  std::optional<std::pair<std::size_t, double>> nearest(Coord xy, Coord lonlat, double radius_m) const {
    std::optional<std::pair<std::size_t, double>> best;
    const auto [cx, cy] = key(xy);
    for (long dx = -1; dx <= 1; ++dx)
      for (long dy = -1; dy <= 1; ++dy) {
        auto it = grid_.find({cx + dx, cy + dy});
        if (it == grid_.end()) continue;
        for (std::size_t i : it->second) {
          const double d = geometry::geodesic_distance_m(lonlat, ports_[i].lonlat);
          if (d <= radius_m && (!best || d < best->second || (d == best->second && i < best->first))) best = {{i, d}};
        }
      }
    return best;
  }

 private:
  std::pair<long, long> key(Coord xy) const {
    return {static_cast<long>(std::floor(xy.x / cell_)), static_cast<long>(std::floor(xy.y / cell_))};
  }
  const std::vector<frontier::Port>& ports_;
  double cell_;
  std::map<std::pair<long, long>, std::vector<std::size_t>> grid_;
};

}  // namespace

CrossingResult find_crossings(const frontier::Frontier& frontier, const std::vector<routes::Route>& routes,
                              const geometry::Projection& projection, const std::vector<frontier::Port>& ports,
                              const CrossingOptions& options, Diagnostics& diagnostics) {
  const std::size_t n = routes.size();
  std::vector<std::vector<Crossing>> per_route(n);
  std::vector<std::vector<Warning>> warnings(n);
  std::vector<std::size_t> legs(n, 0), air(n, 0);
  std::exception_ptr failure;
  int threads = options.threads;
#ifdef _OPENMP
  if (threads <= 0) threads = omp_get_max_threads();
#else
  threads = 1;
#endif
  const PortIndex port_index(ports, projection, options.port_radius_m);

#pragma omp parallel num_threads(threads)
  {
    // PROJ objects are per thread; an exception must not leave the parallel region.
    std::optional<geometry::Projection> proj_owner;
    try {
      proj_owner.emplace(projection.clone());
    } catch (...) {
#pragma omp critical(borderflow_crossings_failure)
      if (!failure) failure = std::current_exception();
    }
    Walker walker{frontier, options, {}, {}, {}};
    std::vector<Piece> pieces;
    std::vector<std::uint32_t> start_units;
    // A stop at sea within coast_gap_m of a unit (a port town just outside a
    // generalised coastline) is a zero-length piece in that unit.
    auto add_stop = [&](Coord at, std::size_t leg, double along) {
      frontier.classify(at, walker.units, walker.scratch);
      if (!walker.units.empty()) return;
      const auto near = frontier.nearest_unit(at, options.coast_gap_m);
      if (!near) return;
      Piece stop;
      stop.leg = leg;
      stop.leg_s0 = stop.leg_s1 = along;
      stop.a = stop.b = at;
      stop.units = {*near};
      stop.land = true;
      stop.stop = true;
      pieces.push_back(std::move(stop));
    };
#pragma omp for schedule(dynamic, 64)
    for (std::size_t r = 0; r < n; ++r) {
      if (!proj_owner) continue;
      const geometry::Projection& proj = *proj_owner;
      try {
        const routes::Route& route = routes[r];
        Emitter em{r, route.attributes.weight, per_route[r]};
        pieces.clear();
        Coord chain_end{};
        bool open = false;
        auto finish = [&] {
          if (open) classify_chain(pieces, start_units, options, em);
          pieces.clear();
          open = false;
        };
        for (std::size_t k = 0; k < route.legs.size(); ++k) {
          const routes::Leg& leg = route.legs[k];
          ++legs[r];
          if (leg.mode == routes::Mode::air) {
            ++air[r];
            finish();
            continue;
          }
          geometry::LineString xy = geometry::densify(leg.path, options.densify_deg);
          proj.forward_in_place(xy);
          for (const Coord& c : xy)
            if (!std::isfinite(c.x) || !std::isfinite(c.y))
              throw GeometryError(route.origin, "route '" + route.attributes.route_id + "', leg " + std::to_string(k + 1) +
                                                    " cannot be projected into the working CRS " + proj.target(),
                                  "choose a working CRS that covers all the data with `crs`");
          if (xy.size() < 2) continue;
          if (open && planar::distance(chain_end, xy.front()) > 1.0) finish();
          if (!open) {
            frontier.classify(xy.front(), start_units, walker.scratch);
            open = true;
            add_stop(xy.front(), k, 0.0);
          }
          const std::size_t first = pieces.size();
          walker.cut(xy, k, pieces);
          check_leg_medium(frontier, route, k, pieces, first, options, warnings[r]);
          chain_end = xy.back();
          add_stop(xy.back(), k, pieces.empty() ? 0.0 : pieces.back().leg_s1);
        }
        finish();
        for (Crossing& c : per_route[r]) {
          c.lonlat = proj.inverse(c.xy);
          if (auto near = port_index.nearest(c.xy, c.lonlat, options.port_radius_m)) {
            c.port = near->first;
            c.port_dist_m = near->second;
          }
        }
      } catch (...) {
#pragma omp critical(borderflow_crossings_failure)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  CrossingResult result;
  for (std::size_t r = 0; r < n; ++r) {
    for (auto& c : per_route[r]) result.crossings.push_back(c);
    for (auto& w : warnings[r]) diagnostics.warn(w.where, w.message);
    result.legs += legs[r];
    result.air_legs += air[r];
  }
  return result;
}

}  // namespace borderflow::crossings
