#include "engine/frontier/frontier.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/planar.hpp"

namespace borderflow::frontier {
namespace {

constexpr double kOnBoundaryM = Frontier::kOnBoundaryM;

geometry::MultiPolygon project(const geometry::MultiPolygon& lonlat, const geometry::Projection& proj,
                               const InputLocation& where, const std::string& id, double densify_deg) {
  geometry::MultiPolygon out = lonlat;
  auto project_ring = [&](geometry::Ring& ring) {
    ring = geometry::densify(ring, densify_deg);
    proj.forward_in_place(ring);
    for (const auto& c : ring)
      if (!std::isfinite(c.x) || !std::isfinite(c.y))
        throw GeometryError(where, "the area of '" + id + "' cannot be projected into the working CRS " + proj.target(),
                            "choose a working CRS that covers all the data with `crs`");
  };
  for (auto& p : out) {
    project_ring(p.shell);
    for (auto& h : p.holes) project_ring(h);
  }
  return out;
}

void add_segments(const geometry::MultiPolygon& area, std::uint32_t owner, std::vector<geometry::Segment>& out) {
  auto add_ring = [&](const geometry::Ring& r) {
    for (std::size_t i = 1; i < r.size(); ++i)
      if (!(r[i - 1] == r[i])) out.push_back({r[i - 1], r[i], owner});
    if (r.size() > 2 && !(r.front() == r.back())) out.push_back({r.back(), r.front(), owner});
  };
  for (const auto& p : area) {
    add_ring(p.shell);
    for (const auto& h : p.holes) add_ring(h);
  }
}

}  // namespace

Frontier::Frontier(const std::vector<BorderUnit>& units, const geometry::Projection& projection,
                   const std::optional<geometry::MultiPolygon>& land_lonlat, double densify_deg) {
  for (const BorderUnit& u : units) {
    Zone z;
    z.id = u.id;
    z.name = u.name;
    z.area = project(u.area, projection, u.origin, u.id, densify_deg);
    z.extent = geometry::extent_of(z.area);
    units_.push_back(std::move(z));
  }
  if (land_lonlat) {
    Zone land;
    land.id = "land";
    land.area = project(*land_lonlat, projection, InputLocation("coast"), "land", densify_deg);
    land.extent = geometry::extent_of(land.area);
    land_ = std::move(land);
  }
  build_index();
}

Frontier Frontier::from_projected(std::vector<Zone> units, std::optional<Zone> land) {
  Frontier f;
  f.units_ = std::move(units);
  f.land_ = std::move(land);
  for (auto& z : f.units_) z.extent = geometry::extent_of(z.area);
  if (f.land_) f.land_->extent = geometry::extent_of(f.land_->area);
  f.build_index();
  return f;
}

void Frontier::build_index() {
  std::vector<geometry::Segment> segments;
  for (std::size_t i = 0; i < units_.size(); ++i) add_segments(units_[i].area, static_cast<std::uint32_t>(i), segments);
  if (land_) add_segments(land_->area, land_owner(), segments);
  index_ = geometry::SegmentIndex(std::move(segments));
  // The vertical lines: about sqrt(n) / 4 of them over the frontier's width
  // (n segments), at most 4096.
  geometry::Extent all;
  for (const auto& z : units_) all.expand(z.extent);
  if (land_) all.expand(land_->extent);
  columns_.clear();
  build_grid(all);
  const std::size_t n = index_.size();
  if (n < 64 || all.empty() || !(all.max_x > all.min_x)) return;
  const auto lines = std::clamp<std::size_t>(static_cast<std::size_t>(std::sqrt(static_cast<double>(n)) / 4), 1, 4096);
  column_w_ = (all.max_x - all.min_x) / static_cast<double>(lines);
  column_x0_ = all.min_x;
  columns_.assign(lines, {});
  auto line_x = [&](std::size_t k) { return column_x0_ + column_w_ * static_cast<double>(k + 1); };
  for (const geometry::Segment& s : index_.segments()) {
    const double lo = std::min(s.a.x, s.b.x), hi = std::max(s.a.x, s.b.x);
    auto k = static_cast<std::ptrdiff_t>(std::floor((lo - column_x0_) / column_w_)) - 1;
    for (k = std::max<std::ptrdiff_t>(k, 0); k < static_cast<std::ptrdiff_t>(lines); ++k) {
      const double x = line_x(static_cast<std::size_t>(k));
      if (x > hi) break;
      if ((s.a.x > x) == (s.b.x > x)) continue;  // half-open in x, as the ray is in y
      const double y = s.a.y + (x - s.a.x) * (s.b.y - s.a.y) / (s.b.x - s.a.x);
      columns_[static_cast<std::size_t>(k)].emplace_back(s.owner, y);
    }
  }
  for (auto& c : columns_) std::sort(c.begin(), c.end());
}

void Frontier::build_grid(const geometry::Extent& all) {
  grid_ = Grid{};
  const auto& segments = index_.segments();
  if (segments.size() < 64 || all.empty() || !(all.max_x > all.min_x) || !(all.max_y > all.min_y)) return;
  // About two cells per segment, at most 2^22 cells.
  const double w = all.max_x - all.min_x, hgt = all.max_y - all.min_y;
  const double cells = std::min<double>(static_cast<double>(segments.size()) * 2.0, 4194304.0);
  const double h = std::sqrt(w * hgt / cells);
  if (!(h > 0.0) || !std::isfinite(h)) return;
  Grid g;
  g.h = h;
  g.x0 = all.min_x - h;  // a margin of one cell on every side
  g.y0 = all.min_y - h;
  g.nx = static_cast<std::uint32_t>(std::ceil(w / h)) + 2;
  g.ny = static_cast<std::uint32_t>(std::ceil(hgt / h)) + 2;
  const std::size_t n_cells = std::size_t{g.nx} * g.ny;
  auto cell_of = [&](double v, double v0, std::uint32_t n) {
    return static_cast<std::uint32_t>(std::clamp(std::floor((v - v0) / h), 0.0, static_cast<double>(n - 1)));
  };
  // The cells a segment comes within `reach` of: those of its grown box that
  // do not lie wholly on one side of its line, with that margin. 20 um holds
  // the closure (1e-6 m) and segment_intersections()'s collinear tolerance
  // for the leg segments (1e-9 of their few km), so that visit_cells() gives
  // every segment the index would that can meet a leg segment.
  const double reach = std::max(2e-5, 1e-7 * h);
  auto for_cells = [&](const geometry::Segment& s, auto&& visit) {
    const std::uint32_t i0 = cell_of(std::min(s.a.x, s.b.x) - reach, g.x0, g.nx);
    const std::uint32_t i1 = cell_of(std::max(s.a.x, s.b.x) + reach, g.x0, g.nx);
    const std::uint32_t j0 = cell_of(std::min(s.a.y, s.b.y) - reach, g.y0, g.ny);
    const std::uint32_t j1 = cell_of(std::max(s.a.y, s.b.y) + reach, g.y0, g.ny);
    const geometry::Coord d = geometry::planar::sub(s.b, s.a);
    const double margin = reach * (std::abs(d.x) + std::abs(d.y));  // >= reach x |d|: a distance of reach
    for (std::uint32_t j = j0; j <= j1; ++j)
      for (std::uint32_t i = i0; i <= i1; ++i) {
        if (i0 != i1 && j0 != j1) {
          const double cx0 = g.x0 + h * i, cy0 = g.y0 + h * j, cx1 = g.x0 + h * (i + 1), cy1 = g.y0 + h * (j + 1);
          int above = 0, below = 0;
          for (const geometry::Coord c : {geometry::Coord{cx0, cy0}, geometry::Coord{cx1, cy0}, geometry::Coord{cx0, cy1},
                                          geometry::Coord{cx1, cy1}}) {
            const double o = geometry::planar::cross(d, geometry::planar::sub(c, s.a));
            above += o > margin;
            below += o < -margin;
          }
          if (above == 4 || below == 4) continue;
        }
        visit(std::size_t{j} * g.nx + i);
      }
  };
  g.seg_start.assign(n_cells + 1, 0);
  for (const auto& s : segments) for_cells(s, [&](std::size_t c) { ++g.seg_start[c + 1]; });
  for (std::size_t c = 0; c < n_cells; ++c) g.seg_start[c + 1] += g.seg_start[c];
  g.seg.resize(g.seg_start[n_cells]);
  {
    std::vector<std::uint32_t> fill(g.seg_start.begin(), g.seg_start.end() - 1);
    for (std::size_t k = 0; k < segments.size(); ++k)
      for_cells(segments[k], [&](std::size_t c) { g.seg[fill[c]++] = static_cast<std::uint32_t>(k); });
  }
  // The centres' owners: per row of centres, the boundary crossings of the
  // line y = yc (half-open in y, as the ray), sorted by x; a centre is inside
  // the owners crossed an odd number of times to its left.
  const std::size_t n_owners = units_.size() + (land_ ? 1 : 0);
  struct Hit {
    std::uint32_t row;
    double x;
    std::uint32_t owner;
  };
  std::vector<Hit> hits;
  for (const auto& s : segments) {
    const double lo = std::min(s.a.y, s.b.y), hi = std::max(s.a.y, s.b.y);
    const double r0 = std::ceil((lo - g.y0) / h - 0.5), r1 = std::floor((hi - g.y0) / h - 0.5);
    for (double r = std::max(r0 - 1.0, 0.0); r <= std::min(r1 + 1.0, static_cast<double>(g.ny - 1)); r += 1.0) {
      const double yc = g.y0 + h * (r + 0.5);
      if ((s.a.y > yc) == (s.b.y > yc)) continue;
      hits.push_back({static_cast<std::uint32_t>(r), s.a.x + (yc - s.a.y) * (s.b.x - s.a.x) / (s.b.y - s.a.y), s.owner});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.row != b.row ? a.row < b.row : a.x != b.x ? a.x < b.x : a.owner < b.owner;
  });
  g.in_start.assign(n_cells + 1, 0);
  g.unsafe.assign(n_cells, 0);
  std::vector<char> inside(n_owners, 0);
  std::vector<std::uint32_t> active;
  std::size_t k = 0;
  for (std::uint32_t j = 0; j < g.ny; ++j) {
    active.clear();
    for (std::uint32_t i = 0; i < g.nx; ++i) {
      const double xc = g.x0 + h * (i + 0.5);
      const std::size_t c = std::size_t{j} * g.nx + i;
      for (; k < hits.size() && hits[k].row == j && hits[k].x <= xc; ++k) {
        if (hits[k].x == xc) g.unsafe[c] = 1;
        inside[hits[k].owner] ^= 1;
        if (inside[hits[k].owner]) active.push_back(hits[k].owner);
        else active.erase(std::find(active.begin(), active.end(), hits[k].owner));
      }
      std::sort(active.begin(), active.end());
      g.in.insert(g.in.end(), active.begin(), active.end());
      g.in_start[c + 1] = static_cast<std::uint32_t>(g.in.size());
      const geometry::Coord centre{xc, g.y0 + h * (j + 0.5)};
      for (std::uint32_t q = g.seg_start[c]; q < g.seg_start[c + 1] && !g.unsafe[c]; ++q) {
        const geometry::Segment& s = segments[g.seg[q]];
        if (std::min(s.a.x, s.b.x) - 1e-5 <= centre.x && centre.x <= std::max(s.a.x, s.b.x) + 1e-5 &&
            std::min(s.a.y, s.b.y) - 1e-5 <= centre.y && centre.y <= std::max(s.a.y, s.b.y) + 1e-5 &&
            geometry::planar::point_segment_distance(centre, s.a, s.b) <= 1e-5)
          g.unsafe[c] = 1;
      }
    }
    while (k < hits.size() && hits[k].row == j) ++k;  // crossings right of the last centre
    std::fill(inside.begin(), inside.end(), 0);
  }
  grid_ = std::move(g);
}

bool Frontier::classify_in_cell(geometry::Coord p, std::vector<std::uint32_t>& out, Scratch& scratch, bool* on_land,
                                bool* on_boundary) const {
  const Grid& g = grid_;
  const double fx = (p.x - g.x0) / g.h, fy = (p.y - g.y0) / g.h;
  if (!(fx >= 0.0 && fy >= 0.0 && fx < static_cast<double>(g.nx) && fy < static_cast<double>(g.ny))) return false;
  const auto i = static_cast<std::uint32_t>(fx), j = static_cast<std::uint32_t>(fy);
  const std::size_t c = std::size_t{j} * g.nx + i;
  if (g.unsafe[c]) return false;
  // Every segment within the closure's 1e-6 m of p is in the cell's list
  // (cells hold the segments within 20 um of them).
  const geometry::Coord centre{g.x0 + g.h * (i + 0.5), g.y0 + g.h * (j + 0.5)};
  const std::size_t n = units_.size() + (land_ ? 1 : 0);
  if (scratch.parity.size() != n) scratch.parity.assign(n, 0);
  auto& touched = scratch.candidates;
  touched.clear();
  auto touch = [&](std::uint32_t owner) {
    if (!(scratch.parity[owner] & 2)) {
      scratch.parity[owner] |= 2;
      touched.push_back(owner);
    }
  };
  auto reset = [&] {
    for (std::uint32_t o : touched) scratch.parity[o] = 0;
  };
  for (std::uint32_t q = g.in_start[c]; q < g.in_start[c + 1]; ++q) {
    touch(g.in[q]);
    scratch.parity[g.in[q]] |= 1;
  }
  bool near = false;
  const auto& segments = index_.segments();
  for (std::uint32_t q = g.seg_start[c]; q < g.seg_start[c + 1]; ++q) {
    const geometry::Segment& s = segments[g.seg[q]];
    if (std::min(s.a.x, s.b.x) - kOnBoundaryM <= p.x && p.x <= std::max(s.a.x, s.b.x) + kOnBoundaryM &&
        std::min(s.a.y, s.b.y) - kOnBoundaryM <= p.y && p.y <= std::max(s.a.y, s.b.y) + kOnBoundaryM &&
        geometry::planar::point_segment_distance(p, s.a, s.b) <= kOnBoundaryM) {
      touch(s.owner);
      scratch.parity[s.owner] |= 4;  // on its boundary: in it, whatever the parity says
      near = true;
    }
    // Does the path centre -> p cross s? Vertices on the path's line count as
    // on its right (half-open, so that a vertex shared by two segments is
    // counted once); the ends of the path must be clearly off s's line.
    const bool sa = geometry::planar::orientation(centre, p, s.a) > 0.0;
    const bool sb = geometry::planar::orientation(centre, p, s.b) > 0.0;
    if (sa == sb) continue;
    const double ec = geometry::planar::orientation(s.a, s.b, centre);
    const double ep = geometry::planar::orientation(s.a, s.b, p);
    if (ec == 0.0 || ep == 0.0) {
      reset();
      return false;
    }
    if ((ec > 0.0) != (ep > 0.0)) {
      touch(s.owner);
      scratch.parity[s.owner] ^= 1;
    }
  }
  out.clear();
  bool land = false;
  for (std::uint32_t o : touched) {
    if (!(scratch.parity[o] & 5)) continue;
    if (o < units_.size()) out.push_back(o);
    else land = true;
  }
  std::sort(out.begin(), out.end());
  if (on_land) *on_land = land_ ? land : !out.empty();
  if (on_boundary) *on_boundary = near;
  reset();
  return true;
}

void Frontier::classify(geometry::Coord p, std::vector<std::uint32_t>& out, Scratch& scratch, bool* on_land,
                        bool* on_boundary) const {
  if (!grid_.seg_start.empty() && classify_in_cell(p, out, scratch, on_land, on_boundary)) return;
  classify_by_ray(p, out, scratch, on_land, on_boundary);
}

void Frontier::classify_by_ray(geometry::Coord p, std::vector<std::uint32_t>& out, Scratch& scratch, bool* on_land,
                               bool* on_boundary) const {
  out.clear();
  if (on_boundary) *on_boundary = false;
  const std::size_t n = units_.size() + (land_ ? 1 : 0);
  scratch.parity.assign(n, 0);
  scratch.candidates.clear();
  double ray_end = p.x;
  auto consider = [&](const Zone& z, std::uint32_t owner) {
    if (p.x < z.extent.min_x - kOnBoundaryM || p.x > z.extent.max_x + kOnBoundaryM ||
        p.y < z.extent.min_y - kOnBoundaryM || p.y > z.extent.max_y + kOnBoundaryM)
      return;
    scratch.candidates.push_back(owner);
    scratch.parity[owner] = 2;  // marks a candidate; parity is kept in bit 0
    ray_end = std::max(ray_end, z.extent.max_x);
  };
  for (std::uint32_t i = 0; i < units_.size(); ++i) consider(units_[i], i);
  if (land_) consider(*land_, land_owner());
  if (scratch.candidates.empty()) {
    if (on_land) *on_land = false;
    return;
  }
  // Crossing number along the ray to +x, half-open in y so that a vertex on
  // the ray is counted once (Haines, "Point in Polygon Strategies", 1994).
  // With the vertical lines (see frontier.hpp) the ray turns down at the
  // next line: segments crossing x = X below p.y, half-open in x.
  double turn_x = ray_end;
  const std::vector<std::pair<std::uint32_t, double>>* column = nullptr;
  if (!columns_.empty()) {
    const double k = std::floor((p.x - column_x0_) / column_w_);
    if (k >= 0 && k < static_cast<double>(columns_.size())) {
      const auto line = static_cast<std::size_t>(k);
      const double x = column_x0_ + column_w_ * static_cast<double>(line + 1);
      if (x > p.x && x < ray_end) {
        turn_x = x;
        column = &columns_[line];
      }
    }
  }
  index_.query(p.x, p.y, turn_x, p.y, [&](const geometry::Segment& s) {
    if (!(scratch.parity[s.owner] & 2)) return;
    if ((s.a.y > p.y) == (s.b.y > p.y)) return;
    const double x = s.a.x + (p.y - s.a.y) * (s.b.x - s.a.x) / (s.b.y - s.a.y);
    if (x > p.x && (!column || x <= turn_x)) scratch.parity[s.owner] ^= 1;
  });
  if (column)
    for (std::uint32_t owner : scratch.candidates) {
      const auto first = std::lower_bound(column->begin(), column->end(), std::pair<std::uint32_t, double>{owner, -INFINITY});
      const auto below = std::lower_bound(first, column->end(), std::pair<std::uint32_t, double>{owner, p.y});
      if ((below - first) & 1) scratch.parity[owner] ^= 1;
    }
  // Points on a boundary belong to that zone (closed areas).
  index_.query(p.x - kOnBoundaryM, p.y - kOnBoundaryM, p.x + kOnBoundaryM, p.y + kOnBoundaryM,
               [&](const geometry::Segment& s) {
                 if ((scratch.parity[s.owner] & 2) && geometry::planar::point_segment_distance(p, s.a, s.b) <= kOnBoundaryM) {
                   scratch.parity[s.owner] |= 1;
                   if (on_boundary) *on_boundary = true;
                 }
               });
  for (std::uint32_t owner : scratch.candidates)
    if (owner < units_.size() && (scratch.parity[owner] & 1)) out.push_back(owner);
  std::sort(out.begin(), out.end());
  if (on_land) *on_land = land_ ? (scratch.parity[land_owner()] & 1) != 0 : !out.empty();
  for (std::uint32_t owner : scratch.candidates) scratch.parity[owner] = 0;
}

std::optional<std::uint32_t> Frontier::nearest_unit(geometry::Coord p, double max_dist_m) const {
  std::optional<std::uint32_t> best;
  double best_d = max_dist_m;
  index_.query(p.x - max_dist_m, p.y - max_dist_m, p.x + max_dist_m, p.y + max_dist_m, [&](const geometry::Segment& s) {
    if (s.owner >= units_.size()) return;
    const double d = geometry::planar::point_segment_distance(p, s.a, s.b);
    if (d < best_d || (d == best_d && best && s.owner < *best)) {
      best_d = d;
      best = s.owner;
    }
  });
  return best;
}

// ------------------------------------------------------------------ borders

namespace {

using geometry::detail::checked;
using geometry::detail::GeomPtr;

GeomPtr merged_lines(GEOSContextHandle_t ctx, GeomPtr lines) {
  if (GEOSisEmpty_r(ctx, lines.get())) return lines;
  return checked(GEOSLineMerge_r(ctx, lines.get()), "GEOSLineMerge");
}

double length_of(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
  double len = 0.0;
  GEOSLength_r(ctx, g, &len);
  return len;
}

bool extents_near(const geometry::Extent& a, const geometry::Extent& b, double d) {
  return !(a.max_x + d < b.min_x || b.max_x + d < a.min_x || a.max_y + d < b.min_y || b.max_y + d < a.min_y);
}

}  // namespace

std::vector<BorderLineOut> derive_borders(const Frontier& frontier, const BorderOptions& options,
                                          const std::optional<geometry::MultiLineString>& coast) {
  GEOSContextHandle_t ctx = geometry::detail::geos_context();
  const auto& units = frontier.units();
  const double tol = std::max(options.snap_m, 1e-3);
  std::vector<GeomPtr> areas;
  std::vector<GeomPtr> boundaries;
  for (const Zone& z : units) {
    areas.push_back(geometry::detail::to_geos(z.area));
    boundaries.push_back(checked(GEOSBoundary_r(ctx, areas.back().get()), "GEOSBoundary"));
  }
  // `of` grown by the tolerance, only where it can meet `near`: clipped to
  // near's extent first, and without the holes (lakes, enclaves) that hold no
  // boundary of `near` within their envelope grown by 2 tol. Such a hole
  // changes the grown area only inside itself, where no line of `near` is,
  // so the shared line and the coastline are the same without it; and a
  // large country's thousands of lakes make GEOS's buffer quadratic.
  const geometry::SegmentIndex& index = frontier.index();
  auto grown_near = [&](GEOSContextHandle_t tctx, std::size_t of, std::size_t near) {
    const geometry::Extent& e = units[near].extent;
    const geometry::Extent rect{e.min_x - 2 * tol, e.min_y - 2 * tol, e.max_x + 2 * tol, e.max_y + 2 * tol};
    geometry::MultiPolygon kept;
    for (const geometry::Polygon& p : units[of].area) {
      const geometry::Extent shell = geometry::extent_of(p.shell);
      if (!extents_near(shell, rect, 0.0)) continue;
      geometry::Polygon q{p.shell, {}};
      for (const geometry::Ring& h : p.holes) {
        const geometry::Extent he = geometry::extent_of(h);
        if (!extents_near(he, rect, 0.0)) continue;  // outside the clip: no effect
        bool holds_near = false;
        index.query(he.min_x - 2 * tol, he.min_y - 2 * tol, he.max_x + 2 * tol, he.max_y + 2 * tol,
                    [&](const geometry::Segment& s) { holds_near = holds_near || s.owner == near; });
        if (holds_near) q.holes.push_back(h);
      }
      kept.push_back(std::move(q));
    }
    if (kept.empty()) return checked(GEOSGeom_createEmptyPolygon_r(tctx), "GEOSGeom_createEmptyPolygon");
    GeomPtr reduced = geometry::detail::to_geos(kept);
    GeomPtr clipped = checked(GEOSClipByRect_r(tctx, reduced.get(), rect.min_x, rect.min_y, rect.max_x, rect.max_y),
                              "GEOSClipByRect");
    return checked(GEOSBuffer_r(tctx, clipped.get(), tol, 8), "GEOSBuffer");
  };
  // `lines` clipped to the envelope of `area` grown by a metre, so that every
  // cut lies strictly outside `area` and the part inside is untouched.
  auto clipped_to = [&](GEOSContextHandle_t tctx, const GEOSGeometry* lines, const GEOSGeometry* area) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (!GEOSGeom_getXMin_r(tctx, area, &x0) || !GEOSGeom_getYMin_r(tctx, area, &y0) ||
        !GEOSGeom_getXMax_r(tctx, area, &x1) || !GEOSGeom_getYMax_r(tctx, area, &y1))
      geometry::detail::throw_geos_error("GEOSGeom_getXMin");
    return checked(GEOSClipByRect_r(tctx, lines, x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0), "GEOSClipByRect");
  };
  // Pairs whose extents come within the tolerance, then each pair on its own
  // (in parallel: GEOS contexts are per thread). Results go to the pair's slot,
  // so the output does not depend on the number of threads.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < units.size(); ++a)
    for (std::size_t b = a + 1; b < units.size(); ++b)
      if (extents_near(units[a].extent, units[b].extent, tol)) pairs.emplace_back(a, b);
  struct PairResult {
    GeomPtr grown_a, grown_b;  // each unit grown, near the other
    std::optional<BorderLineOut> line;
  };
  // The threads only read `areas` and `boundaries`; GEOS may fill a
  // geometry's cached envelope on first use, so that happens here, once.
  for (const auto* set : {&areas, &boundaries})
    for (const GeomPtr& g : *set) {
      double x = 0.0;
      GEOSGeom_getXMin_r(ctx, g.get(), &x);
    }
  std::vector<PairResult> results(pairs.size());
  std::vector<std::exception_ptr> errors(pairs.size());
  const int threads = thread_count(options.threads);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    try {
      GEOSContextHandle_t tctx = geometry::detail::geos_context();
      const auto [a, b] = pairs[i];
      PairResult& r = results[i];
      GeomPtr grown_b = grown_near(tctx, b, a);
      if (GEOSisEmpty_r(tctx, grown_b.get())) continue;
      // Only the part of a's boundary inside grown_b's envelope can meet it:
      // clipping first keeps the predicate and the overlay to that part.
      GeomPtr near_a = clipped_to(tctx, boundaries[a].get(), grown_b.get());
      if (GEOSisEmpty_r(tctx, near_a.get())) continue;
      {
        const GEOSPreparedGeometry* prepared = GEOSPrepare_r(tctx, grown_b.get());
        if (!prepared) geometry::detail::throw_geos_error("GEOSPrepare");
        const char meets = GEOSPreparedIntersects_r(tctx, prepared, near_a.get());
        GEOSPreparedGeom_destroy_r(tctx, prepared);
        if (meets == 2) geometry::detail::throw_geos_error("GEOSPreparedIntersects");
        if (!meets) continue;
      }
      GeomPtr grown_a = grown_near(tctx, a, b);
      // One line per pair, taken from the boundary of the unit whose id sorts first.
      const bool a_first = units[a].id < units[b].id;
      const std::size_t first = a_first ? a : b;
      const GEOSGeometry* other = a_first ? grown_b.get() : grown_a.get();
      GeomPtr near_first = a_first ? std::move(near_a) : clipped_to(tctx, boundaries[b].get(), other);
      GeomPtr shared = checked(GEOSIntersection_r(tctx, near_first.get(), other), "GEOSIntersection");
      shared = merged_lines(tctx, std::move(shared));
      r.grown_a = std::move(grown_a);
      r.grown_b = std::move(grown_b);
      if (GEOSisEmpty_r(tctx, shared.get()) || length_of(tctx, shared.get()) <= 2 * tol) continue;
      geometry::MultiLineString lines = geometry::detail::lines_from_geos(shared.get());
      if (!lines.empty()) r.line = BorderLineOut{units[first].id, units[a_first ? b : a].id, std::move(lines)};
    } catch (...) {
      errors[i] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<BorderLineOut> out;
  std::vector<std::vector<GeomPtr>> near_others(units.size());  // grown neighbours, per unit
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    PairResult& r = results[i];
    if (r.grown_a) near_others[pairs[i].first].push_back(std::move(r.grown_b));
    if (r.grown_a) near_others[pairs[i].second].push_back(std::move(r.grown_a));
    if (r.line) out.push_back(std::move(*r.line));
  }
  if (coast) {
    if (!coast->empty()) out.push_back({"", "", *coast});
  } else {
    for (std::size_t a = 0; a < units.size(); ++a) {
      GeomPtr rest = checked(GEOSGeom_clone_r(ctx, boundaries[a].get()), "GEOSGeom_clone");
      for (const GeomPtr& grown : near_others[a])
        rest = checked(GEOSDifference_r(ctx, rest.get(), grown.get()), "GEOSDifference");
      rest = merged_lines(ctx, std::move(rest));
      geometry::MultiLineString lines = geometry::detail::lines_from_geos(rest.get());
      std::erase_if(lines, [](const geometry::LineString& l) { return l.size() < 2; });
      if (!lines.empty()) out.push_back({units[a].id, "", std::move(lines)});
    }
  }
  std::sort(out.begin(), out.end(), [](const BorderLineOut& x, const BorderLineOut& y) {
    const bool xc = x.unit_b.empty();
    const bool yc = y.unit_b.empty();
    if (xc != yc) return !xc;  // land borders first
    return std::tie(x.unit_a, x.unit_b) < std::tie(y.unit_a, y.unit_b);
  });
  return out;
}

}  // namespace borderflow::frontier
