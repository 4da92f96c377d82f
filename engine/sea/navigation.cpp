#include "engine/sea/navigation.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/validity.hpp"

namespace borderflow::sea {
namespace {

using geometry::Coord;
using geometry::MultiPolygon;
using geometry::Polygon;
using geometry::Ring;
namespace gd = geometry::detail;

constexpr double kNudgeM = 1.0;  // nodes and links sit this far outside the obstacles
constexpr double kInf = std::numeric_limits<double>::infinity();
// Mitre joins, bevelled where the mitre would reach farther than this many
// clearances from the coast: one obstacle vertex per convex coast vertex
// (round joins give two or three, and as many graph nodes).
constexpr double kMitreLimit = 1.1;
// The farthest the grown coast gets from the generalised coast at a corner
// turning by up to 90 degrees, in clearances: the bevel's ends lie on the
// offset lines, (1.1 sqrt 2 - 1, 1) r from a square corner, 1.144 r away.
constexpr double kMaxGrowth = 1.15;
// Lakes (holes of the land) less than this wide or high are land for the
// navigator: a sea route has no use for them, and OSM's tens of thousands of
// small lakes and reservoirs made every GEOS step on the coast quadratic
// (the union places each hole by a search over the others).
constexpr double kSmallestLake_m = 10000.0;

inline double cross(Coord o, Coord a, Coord b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }
inline double distance(Coord a, Coord b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}
inline bool finite(Coord c) { return std::isfinite(c.x) && std::isfinite(c.y); }

// Closed segments pq and ab meet (touching and collinear overlap included).
inline bool segments_meet(Coord p, Coord q, Coord a, Coord b) {
  const double d1 = cross(p, q, a), d2 = cross(p, q, b);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0)) return false;
  const double d3 = cross(a, b, p), d4 = cross(a, b, q);
  if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return false;
  if (d1 == 0 && d2 == 0)  // collinear: do the extents overlap?
    return std::max(std::min(p.x, q.x), std::min(a.x, b.x)) <= std::min(std::max(p.x, q.x), std::max(a.x, b.x)) &&
           std::max(std::min(p.y, q.y), std::min(a.y, b.y)) <= std::min(std::max(p.y, q.y), std::max(a.y, b.y));
  return true;
}

inline Coord nearest_on_segment(Coord p, Coord a, Coord b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (len2 <= 0) return a;
  const double s = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
  return {a.x + s * dx, a.y + s * dy};
}

// ---------------------------------------------------------------- generalisation

// Douglas-Peucker on the open chain pts[first..last] (distances to the
// segment, not the line), marking kept vertices.
void douglas_peucker(const std::vector<Coord>& pts, std::size_t first, std::size_t last, double tol,
                     std::vector<char>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    if (j <= i + 1) continue;
    double worst = -1;
    std::size_t at = i;
    for (std::size_t k = i + 1; k < j; ++k) {
      const double d = distance(pts[k], nearest_on_segment(pts[k], pts[i], pts[j]));
      if (d > worst) worst = d, at = k;
    }
    if (worst > tol) {
      keep[at] = 1;
      stack.push_back({i, at});
      stack.push_back({at, j});
    }
  }
}

// The ring without non-finite vertices and repeated points, open (no closing
// duplicate).
std::vector<Coord> clean_open(const Ring& ring) {
  std::vector<Coord> out;
  out.reserve(ring.size());
  for (const Coord& c : ring)
    if (finite(c) && (out.empty() || !(out.back() == c))) out.push_back(c);
  while (out.size() > 1 && out.front() == out.back()) out.pop_back();
  return out;
}

// A closed ring generalised to `tol`; empty when fewer than 3 distinct
// vertices remain. A ring that Douglas-Peucker would collapse (an islet
// smaller than tol) is kept as it is.
Ring simplify_ring(const Ring& ring, double tol) {
  std::vector<Coord> pts = clean_open(ring);
  if (pts.size() < 3) return {};
  Ring out;
  if (tol > 0 && pts.size() > 4) {
    std::size_t far = 0;
    double far_d = -1;
    for (std::size_t k = 1; k < pts.size(); ++k)
      if (const double d = distance(pts[0], pts[k]); d > far_d) far_d = d, far = k;
    const std::size_t n = pts.size();
    pts.push_back(pts[0]);
    std::vector<char> keep(pts.size(), 0);
    keep[0] = keep[far] = keep[n] = 1;
    douglas_peucker(pts, 0, far, tol, keep);
    douglas_peucker(pts, far, n, tol, keep);
    for (std::size_t k = 0; k < n; ++k)
      if (keep[k]) out.push_back(pts[k]);
    pts.pop_back();
  }
  if (out.size() < 3) out = pts;
  out.push_back(out.front());
  return out;
}

// One land polygon generalised and, when GEOS finds it invalid, repaired.
// Holes whose extent is at most `filled_m` wide or high are left out (the
// caller passes the larger of kSmallestLake_m and twice the clearance: every
// point of a hole narrower than that lies within the clearance of its ring,
// so growing the land fills it anyway).
// Never throws: a polygon GEOS cannot repair is replaced by the convex hull
// of its vertices (which contains it); nullptr when nothing is left.
gd::GeomPtr generalise_polygon(const Polygon& land, double tol, double filled_m) {
  GEOSContextHandle_t ctx = gd::geos_context();
  Polygon simple;
  simple.shell = simplify_ring(land.shell, tol);
  if (simple.shell.empty()) return nullptr;
  for (const Ring& h : land.holes) {
    const geometry::Extent e = geometry::extent_of(h);
    if (e.empty() || std::min(e.max_x - e.min_x, e.max_y - e.min_y) <= filled_m) continue;
    if (Ring s = simplify_ring(h, tol); !s.empty()) simple.holes.push_back(std::move(s));
  }
  try {
    if (simple.holes.empty()) {
      gd::GeomPtr g = gd::to_geos(MultiPolygon{simple});
      if (GEOSisValid_r(ctx, g.get()) == 1) return g;
      return gd::to_geos(geometry::repair_polygonal(MultiPolygon{simple}).area);
    }
    // With holes: checked and repaired ring by ring, the shell's area with
    // each hole's as a hole of it (grow_polygonal shrinks them one by one and
    // checks the result, so holes that touch or cross are sorted out there).
    // Checking or repairing the polygon whole relates every hole to every
    // other and assigns them to rings through GEOS's polygonizer: quadratic
    // in the holes of an OSM country.
    auto repaired = [&](const Ring& ring) -> MultiPolygon {
      const MultiPolygon one{Polygon{ring, {}}};
      gd::GeomPtr g = gd::to_geos(one);
      return GEOSisValid_r(ctx, g.get()) == 1 ? one : geometry::repair_polygonal(one).area;
    };
    const MultiPolygon shell = repaired(simple.shell);
    if (shell.size() != 1) return gd::to_geos(geometry::repair_polygonal(MultiPolygon{simple}).area);
    Polygon rebuilt{shell[0].shell, shell[0].holes};
    for (const Ring& h : simple.holes)
      for (const Polygon& piece : repaired(h)) rebuilt.holes.push_back(piece.shell);
    return gd::to_geos(MultiPolygon{rebuilt});  // possibly invalid: holes may touch; see grow_polygonal
  } catch (const Error&) {
  }
  try {
    gd::GeomPtr g = gd::to_geos(MultiPolygon{Polygon{simple.shell, {}}});
    return gd::GeomPtr(GEOSConvexHull_r(ctx, g.get()));
  } catch (const Error&) {
    return nullptr;
  }
}

// A polygonal geometry grown by `clearance` (> 0). A polygon with holes is
// grown as its shell grown, with each hole shrunk by the same distance as a
// hole of the result: the two are the same set (a point is within the
// clearance of the polygon if it is within it of the shell's area and not
// deeper than the clearance inside a hole), and GEOS's buffer of a polygon
// with thousands of holes (OSM's lakes) relates every hole's curve to every
// other's. The shrunk holes lie inside the original shell, apart from one
// another and from the grown shell's own holes, so they need no overlay.
GEOSGeometry* grow_polygonal(GEOSContextHandle_t ctx, const GEOSGeometry* g, const GEOSBufferParams* params,
                             double clearance) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    bool any_hole = false;
    for (int i = 0, n = GEOSGetNumGeometries_r(ctx, g); i < n && !any_hole; ++i) {
      const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g, i);
      any_hole = GEOSGeomTypeId_r(ctx, part) == GEOS_POLYGON && GEOSGetNumInteriorRings_r(ctx, part) > 0;
    }
    if (!any_hole) return GEOSBufferWithParams_r(ctx, g, params, clearance);
    std::vector<GEOSGeometry*> grown;
    for (int i = 0, n = GEOSGetNumGeometries_r(ctx, g); i < n; ++i) {
      GEOSGeometry* p = grow_polygonal(ctx, GEOSGetGeometryN_r(ctx, g, i), params, clearance);
      if (!p) {
        for (GEOSGeometry* q : grown) GEOSGeom_destroy_r(ctx, q);
        return nullptr;
      }
      grown.push_back(p);
    }
    gd::GeomPtr all(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, grown.data(),
                                                static_cast<unsigned>(grown.size())));
    return all ? GEOSUnaryUnion_r(ctx, all.get()) : nullptr;
  }
  if (type != GEOS_POLYGON || GEOSGetNumInteriorRings_r(ctx, g) == 0) return GEOSBufferWithParams_r(ctx, g, params, clearance);
  gd::GeomPtr shell_ring(GEOSGeom_clone_r(ctx, GEOSGetExteriorRing_r(ctx, g)));
  if (!shell_ring) return nullptr;
  gd::GeomPtr shell(GEOSGeom_createPolygon_r(ctx, shell_ring.release(), nullptr, 0));
  if (!shell) return nullptr;
  gd::GeomPtr outer(GEOSBufferWithParams_r(ctx, shell.get(), params, clearance));
  if (!outer || GEOSGeomTypeId_r(ctx, outer.get()) != GEOS_POLYGON)  // not one polygon: the plain buffer
    return GEOSBufferWithParams_r(ctx, g, params, clearance);
  std::vector<GEOSGeometry*> holes;
  auto free_holes = [&] {
    for (GEOSGeometry* h : holes) GEOSGeom_destroy_r(ctx, h);
  };
  for (int i = 0, n = GEOSGetNumInteriorRings_r(ctx, outer.get()); i < n; ++i)
    holes.push_back(GEOSGeom_clone_r(ctx, GEOSGetInteriorRingN_r(ctx, outer.get(), i)));
  for (int i = 0, n = GEOSGetNumInteriorRings_r(ctx, g); i < n; ++i) {
    gd::GeomPtr ring(GEOSGeom_clone_r(ctx, GEOSGetInteriorRingN_r(ctx, g, i)));
    gd::GeomPtr lake(ring ? GEOSGeom_createPolygon_r(ctx, ring.release(), nullptr, 0) : nullptr);
    gd::GeomPtr shrunk(lake ? GEOSBufferWithParams_r(ctx, lake.get(), params, -clearance) : nullptr);
    if (!shrunk) {
      free_holes();
      return GEOSBufferWithParams_r(ctx, g, params, clearance);
    }
    for (int k = 0, m = GEOSGetNumGeometries_r(ctx, shrunk.get()); k < m; ++k) {
      const GEOSGeometry* piece = GEOSGetGeometryN_r(ctx, shrunk.get(), k);
      if (GEOSGeomTypeId_r(ctx, piece) != GEOS_POLYGON || GEOSisEmpty_r(ctx, piece)) continue;
      holes.push_back(GEOSGeom_clone_r(ctx, GEOSGetExteriorRing_r(ctx, piece)));
    }
  }
  gd::GeomPtr outer_ring(GEOSGeom_clone_r(ctx, GEOSGetExteriorRing_r(ctx, outer.get())));
  if (!outer_ring) {
    free_holes();
    return nullptr;
  }
  const std::size_t own_holes = static_cast<std::size_t>(GEOSGetNumInteriorRings_r(ctx, outer.get()));
  const std::vector<GEOSGeometry*> shrunk_holes(holes.begin() + static_cast<std::ptrdiff_t>(own_holes), holes.end());
  std::vector<GEOSGeometry*> copies;  // for the fallback below
  for (GEOSGeometry* h : shrunk_holes) copies.push_back(GEOSGeom_clone_r(ctx, h));
  GEOSGeometry* out =
      GEOSGeom_createPolygon_r(ctx, outer_ring.release(), holes.data(), static_cast<unsigned>(holes.size()));
  if (!out) {  // GEOS took the rings either way
    for (GEOSGeometry* c : copies) GEOSGeom_destroy_r(ctx, c);
    return nullptr;
  }
  if (GEOSisValid_r(ctx, out) == 1) {
    for (GEOSGeometry* c : copies) GEOSGeom_destroy_r(ctx, c);
    return out;
  }
  // The shrunk holes touch or overlap one another (holes of an invalid input
  // repaired one by one): the grown shell less their union, by overlay.
  GEOSGeom_destroy_r(ctx, out);
  std::vector<GEOSGeometry*> lakes;
  for (GEOSGeometry* c : copies) {
    GEOSGeometry* lake = GEOSGeom_createPolygon_r(ctx, c, nullptr, 0);
    if (lake) lakes.push_back(lake);
  }
  gd::GeomPtr all(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, lakes.data(), static_cast<unsigned>(lakes.size())));
  gd::GeomPtr water(all ? GEOSUnaryUnion_r(ctx, all.get()) : nullptr);
  if (!water) return GEOSBufferWithParams_r(ctx, g, params, clearance);
  return GEOSDifference_r(ctx, outer.get(), water.get());
}

// The generalised polygons grown by `clearance` and united. Polygons whose
// grown envelopes overlap are grown together (one GEOS buffer of their
// collection, which is the union of their buffers); the groups are disjoint,
// so the result needs no further overlay. Groups run in parallel; the result
// does not depend on the thread count.
std::vector<gd::GeomPtr> grow_and_unite(std::vector<gd::GeomPtr> parts, double clearance, double mitre_limit,
                                        int threads) {
  GEOSContextHandle_t ctx = gd::geos_context();
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<std::size_t> live;
  std::vector<Box> box(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i] || GEOSisEmpty_r(ctx, parts[i].get())) continue;
    Box& b = box[i];
    GEOSGeom_getXMin_r(ctx, parts[i].get(), &b.x0);
    GEOSGeom_getYMin_r(ctx, parts[i].get(), &b.y0);
    GEOSGeom_getXMax_r(ctx, parts[i].get(), &b.x1);
    GEOSGeom_getYMax_r(ctx, parts[i].get(), &b.y1);
    const double pad = clearance * std::max(mitre_limit, 1.0) + 1.0;
    b = {b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};
    live.push_back(i);
  }
  // Union-find over overlapping boxes (sweep in x).
  std::vector<std::size_t> parent(parts.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::vector<std::size_t> by_x = live;
  std::sort(by_x.begin(), by_x.end(), [&](std::size_t a, std::size_t b) {
    return box[a].x0 < box[b].x0 || (box[a].x0 == box[b].x0 && a < b);
  });
  std::vector<std::size_t> active;
  for (std::size_t i : by_x) {
    std::erase_if(active, [&](std::size_t a) { return box[a].x1 < box[i].x0; });
    for (std::size_t a : active)
      if (box[a].y0 <= box[i].y1 && box[i].y0 <= box[a].y1) {
        const std::size_t ra = find(a), ri = find(i);
        if (ra != ri) parent[std::max(ra, ri)] = std::min(ra, ri);
      }
    active.push_back(i);
  }
  std::map<std::size_t, std::vector<std::size_t>> groups_by_root;
  for (std::size_t i : live) groups_by_root[find(i)].push_back(i);
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [root, members] : groups_by_root) groups.push_back(std::move(members));
  // Largest groups first, for the dynamic schedule.
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

  // Each polygon grown on its own (GEOS's buffer of a collection of many
  // islands spends its time relating every island's curve to every other's:
  // 130 s for the OSM coasts of the Bay of Bengal), then each group's grown
  // polygons united (a cascaded union).
  std::vector<gd::GeomPtr> grown(parts.size());
  std::vector<std::string> errors(parts.size() + groups.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4)
  for (std::size_t li = 0; li < live.size(); ++li) {
    const std::size_t i = live[li];
    try {
      GEOSContextHandle_t tctx = gd::geos_context();
      GEOSBufferParams* params = GEOSBufferParams_create_r(tctx);
      GEOSBufferParams_setQuadrantSegments_r(tctx, params, 2);
      GEOSBufferParams_setJoinStyle_r(tctx, params, GEOSBUF_JOIN_MITRE);
      GEOSBufferParams_setMitreLimit_r(tctx, params, mitre_limit);
      grown[i].reset(grow_polygonal(tctx, parts[i].get(), params, clearance));
      GEOSBufferParams_destroy_r(tctx, params);
      if (!grown[i]) gd::throw_geos_error("GEOSBufferWithParams");
      parts[i].reset();
    } catch (const std::exception& e) {
      errors[i] = e.what();
    }
  }
  std::vector<gd::GeomPtr> out(groups.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    try {
      GEOSContextHandle_t tctx = gd::geos_context();
      if (groups[gi].size() == 1) {
        out[gi] = std::move(grown[groups[gi][0]]);
        continue;
      }
      std::vector<GEOSGeometry*> raw;
      for (std::size_t k : groups[gi])
        if (grown[k]) raw.push_back(grown[k].release());
      gd::GeomPtr all = gd::checked(GEOSGeom_createCollection_r(tctx, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                                static_cast<unsigned>(raw.size())),
                                    "GEOSGeom_createCollection");
      out[gi].reset(GEOSUnaryUnion_r(tctx, all.get()));
      if (!out[gi]) gd::throw_geos_error("GEOSUnaryUnion");
    } catch (const std::exception& e) {
      errors[parts.size() + gi] = e.what();
    }
  }
  for (const std::string& e : errors)
    if (!e.empty()) throw GeometryError("sea navigation: cannot grow the land: " + e);
  return out;
}

double signed_area(const std::vector<Coord>& open) {
  double twice = 0;
  for (std::size_t i = 0, n = open.size(); i < n; ++i) {
    const Coord& a = open[i];
    const Coord& b = open[(i + 1) % n];
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

// Even-odd point in ring (closed or open ring).
bool in_ring(Coord p, const Ring& ring) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Coord a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

// ---------------------------------------------------------------- edge grid

struct Edge {
  Coord a, b;  // obstacle on the left of a -> b
};

// A uniform grid over the obstacle edges: segment blocking by a grid walk,
// winding numbers by a ray along a row, nearest boundary points by rings of
// cells. Edges are registered in every cell their (slightly padded) box meets.
class EdgeGrid {
 public:
  EdgeGrid() = default;
  explicit EdgeGrid(std::vector<Edge> edges) : edges_(std::move(edges)) {
    if (edges_.empty()) return;
    geometry::Extent ext;
    for (const Edge& e : edges_) ext.expand(e.a), ext.expand(e.b);
    const double w = std::max(ext.max_x - ext.min_x, 1.0), h = std::max(ext.max_y - ext.min_y, 1.0);
    // About two edges per cell on average (finer grids make the long walks
    // across open water dearer than they save at the coast).
    const double target = std::clamp(static_cast<double>(edges_.size()) / 2.0, 1.0, 4.0e6);
    cell_ = std::max(std::sqrt(w * h / target), 1.0);
    x0_ = ext.min_x - cell_ * 0.5;
    y0_ = ext.min_y - cell_ * 0.5;
    nx_ = static_cast<int>(std::ceil(w / cell_)) + 1;
    ny_ = static_cast<int>(std::ceil(h / cell_)) + 1;
    const double pad = 1e-3 + 1e-9 * cell_;
    std::vector<std::uint32_t> count(static_cast<std::size_t>(nx_) * ny_ + 1, 0);
    auto each_cell = [&](const Edge& e, auto&& f) {
      const int cx0 = col(std::min(e.a.x, e.b.x) - pad), cx1 = col(std::max(e.a.x, e.b.x) + pad);
      const int cy0 = row(std::min(e.a.y, e.b.y) - pad), cy1 = row(std::max(e.a.y, e.b.y) + pad);
      for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) f(static_cast<std::size_t>(cy) * nx_ + cx);
    };
    for (const Edge& e : edges_) each_cell(e, [&](std::size_t c) { ++count[c + 1]; });
    for (std::size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
    start_ = count;
    items_.resize(count.back());
    cell_edges_.resize(count.back());
    for (std::uint32_t i = 0; i < edges_.size(); ++i)
      each_cell(edges_[i], [&](std::size_t c) {
        cell_edges_[count[c]] = edges_[i];
        items_[count[c]++] = i;
      });
  }

  const std::vector<Edge>& edges() const noexcept { return edges_; }

  // Does the closed segment pq meet an obstacle edge?
  bool blocked(Coord p, Coord q) const {
    std::uint32_t hit = 0;
    return blocked(p, q, hit);
  }
  // The same, giving the edge that blocks it in `hit`.
  bool blocked(Coord p, Coord q, std::uint32_t& hit) const {
    if (edges_.empty()) return false;
    const double dx = q.x - p.x, dy = q.y - p.y;
    // Clip to the grid (Liang-Barsky).
    double t0 = 0, t1 = 1;
    const double xmax = x0_ + nx_ * cell_, ymax = y0_ + ny_ * cell_;
    auto clip = [&](double den, double num) {  // den * t <= num
      if (den == 0) return num >= 0;
      const double t = num / den;
      if (den > 0) t1 = std::min(t1, t);
      else t0 = std::max(t0, t);
      return t0 <= t1;
    };
    if (!clip(-dx, p.x - x0_) || !clip(dx, xmax - p.x) || !clip(-dy, p.y - y0_) || !clip(dy, ymax - p.y)) return false;
    const Coord a{p.x + t0 * dx, p.y + t0 * dy}, b{p.x + t1 * dx, p.y + t1 * dy};
    int cx = col(a.x), cy = row(a.y);
    const int ex = col(b.x), ey = row(b.y);
    const int sx = dx > 0 ? 1 : -1, sy = dy > 0 ? 1 : -1;
    double tmx = dx != 0 ? ((x0_ + (cx + (sx > 0)) * cell_) - p.x) / dx : kInf;
    double tmy = dy != 0 ? ((y0_ + (cy + (sy > 0)) * cell_) - p.y) / dy : kInf;
    const double tdx = dx != 0 ? cell_ / std::abs(dx) : kInf, tdy = dy != 0 ? cell_ / std::abs(dy) : kInf;
    for (int guard = nx_ + ny_ + 4; guard-- > 0;) {
      const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
      for (std::uint32_t k = start_[c]; k < start_[c + 1]; ++k) {
        const Edge& e = cell_edges_[k];
        if (segments_meet(p, q, e.a, e.b)) {
          hit = items_[k];
          return true;
        }
      }
      if (cx == ex && cy == ey) break;
      if (tmx < tmy) {
        cx += sx;
        tmx += tdx;
      } else {
        cy += sy;
        tmy += tdy;
      }
      if (cx < 0 || cy < 0 || cx >= nx_ || cy >= ny_) break;
    }
    return false;
  }

  // Winding number of the obstacle boundary around p (> 0: inside an obstacle).
  int winding(Coord p) const {
    if (edges_.empty()) return 0;
    const double fy = (p.y - y0_) / cell_;
    if (!(fy >= 0) || fy >= ny_) return 0;
    const int cy = static_cast<int>(fy);
    int w = 0;
    for (int cx = std::max(0, col(p.x)); cx < nx_; ++cx) {
      const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
      for (std::uint32_t k = start_[c]; k < start_[c + 1]; ++k) {
        const Edge& e = edges_[items_[k]];
        const bool up = e.a.y <= p.y && e.b.y > p.y, down = e.b.y <= p.y && e.a.y > p.y;
        if (!up && !down) continue;
        const double xc = e.a.x + (p.y - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y);
        if (!(xc > p.x) || col(xc) != cx) continue;  // count each crossing in one cell only
        w += up ? 1 : -1;
      }
    }
    return w;
  }

  struct Nearest {
    Coord point;
    double dist = kInf;
    std::uint32_t edge = 0;
  };
  // The nearest point of any edge within max_dist of p (dist = inf when
  // none); with `keep`, of the edges e for which keep(e) is true.
  template <typename Keep>
  Nearest nearest(Coord p, double max_dist, Keep keep) const {
    Nearest best;
    if (edges_.empty()) return best;
    const int pcx = col(p.x), pcy = row(p.y);
    const int reach = static_cast<int>(std::ceil(max_dist / cell_)) + 1;
    for (int k = 0; k <= reach; ++k) {
      if ((k - 1) * cell_ > std::min(best.dist, max_dist)) break;
      for (int cy = pcy - k; cy <= pcy + k; ++cy) {
        if (cy < 0 || cy >= ny_) continue;
        const bool edge_row = cy == pcy - k || cy == pcy + k;
        for (int cx = pcx - k; cx <= pcx + k; cx += (edge_row || k == 0) ? 1 : 2 * k) {
          if (cx < 0 || cx >= nx_) continue;
          const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
          for (std::uint32_t i = start_[c]; i < start_[c + 1]; ++i) {
            if (!keep(items_[i])) continue;
            const Edge& e = edges_[items_[i]];
            const Coord q = nearest_on_segment(p, e.a, e.b);
            const double d = distance(p, q);
            if (d < best.dist || (d == best.dist && items_[i] < best.edge)) best = {q, d, items_[i]};
          }
        }
      }
    }
    if (best.dist > max_dist) best = {};
    return best;
  }

 private:
  int col(double x) const { return std::clamp(static_cast<int>(std::floor((x - x0_) / cell_)), 0, nx_ - 1); }
  int row(double y) const { return std::clamp(static_cast<int>(std::floor((y - y0_) / cell_)), 0, ny_ - 1); }

  std::vector<Edge> edges_;
  std::vector<std::uint32_t> start_, items_;
  std::vector<Edge> cell_edges_;  // edges_[items_[k]], stored in cell order for the walk
  double x0_ = 0, y0_ = 0, cell_ = 1;
  int nx_ = 0, ny_ = 0;
};

// Visibility tests from one point to many, in a spatially coherent order:
// the edges that blocked the last few segments are tried first, since they
// usually block the next one too.
struct Blockers {
  std::uint32_t edge[4] = {0, 0, 0, 0};
  int size = 0, next = 0;
  bool blocked(const EdgeGrid& grid, Coord p, Coord q) {
    for (int i = 0; i < size; ++i) {
      const Edge& e = grid.edges()[edge[i]];
      if (segments_meet(p, q, e.a, e.b)) return true;
    }
    std::uint32_t hit = 0;
    if (!grid.blocked(p, q, hit)) return false;
    edge[next] = hit;
    next = (next + 1) % 4;
    size = std::min(size + 1, 4);
    return true;
  }
};

// ---------------------------------------------------------------- original land

// The given land, for "is this end on land" and "does this link cross land".
struct LandIndex {
  struct Part {
    std::vector<Ring> rings;  // shell then holes, cleaned
    geometry::Extent extent;
  };
  std::vector<Part> parts;

  bool contains(Coord p) const {
    for (const Part& part : parts) {
      if (p.x < part.extent.min_x || p.x > part.extent.max_x || p.y < part.extent.min_y || p.y > part.extent.max_y)
        continue;
      bool inside = false;
      for (const Ring& r : part.rings) inside ^= in_ring(p, r);
      if (inside) return true;
    }
    return false;
  }
  bool crosses(Coord p, Coord q) const {
    for (const Part& part : parts) {
      if (std::max(p.x, q.x) < part.extent.min_x || std::min(p.x, q.x) > part.extent.max_x ||
          std::max(p.y, q.y) < part.extent.min_y || std::min(p.y, q.y) > part.extent.max_y)
        continue;
      for (const Ring& r : part.rings)
        for (std::size_t i = 0, n = r.size(); i < n; ++i)
          if (segments_meet(p, q, r[i], r[(i + 1) % n])) return true;
    }
    return false;
  }
};

// ---------------------------------------------------------------- graph

struct Neighbour {
  std::uint32_t node;
  double length_m;  // from the node (or end point) whose list this is
  double dvx, dvy;  // vertex of `node` minus vertex of the list's node (for the taut test)
  double x, y;      // position of `node` (for the heuristic)
};

// A prepared end point.
// How an end reaches navigable water.
struct Access {
  bool reachable = false;  // navigable water within port_reach_m
  Coord water;             // the end itself when in free water, else the nudged link end
  double link_m = 0;
  bool link_over_land = false;
  long body = -1;                  // water body: -1 the open sea, else the index of an enclosing hole
  std::vector<Neighbour> visible;  // nodes seen from `water` along a tangent at the node, by node id
};
// A prepared end point: its link to the nearest navigable water and, when
// that is a lake or lagoon (an end on land or in the coastal margin), also its
// link to the nearest open sea within reach.
struct Endpoint {
  Access nearest;
  std::optional<Access> sea;
};

struct Hole {
  Ring ring;  // open
  geometry::Extent extent;
  double area = 0;
};

}  // namespace

struct Navigator::Impl {
  NavigationOptions options;
  double tolerance_m = 0, clearance_m = 0;
  double build_s = 0;
  MultiPolygon obstacles;
  EdgeGrid grid;
  LandIndex land;
  std::vector<Hole> holes;
  std::vector<long> edge_body;  // water body beside each obstacle edge (grid.edges() order)

  // Nodes, structure of arrays: nudged position (for visibility and
  // lengths), the obstacle vertex, and the directions from the vertex to its
  // ring neighbours (tangency is decided on the vertices, so that a ring edge
  // between two nodes is exactly tangent at both).
  std::vector<double> px, py, vx, vy, ax, ay, bx, by;
  mutable std::unique_ptr<std::once_flag[]> once;
  mutable std::vector<std::vector<Neighbour>> adjacency;
  mutable std::atomic<std::size_t> edges_done{0};

  mutable std::mutex cache_mutex;
  mutable std::map<std::pair<double, double>, std::shared_ptr<std::pair<std::once_flag, Endpoint>>> cache;
  static constexpr std::size_t kCacheLimit = 20000;  // distinct end points kept (each holds its visible nodes)

  std::size_t n() const { return px.size(); }
  Coord pos(std::uint32_t i) const { return {px[i], py[i]}; }

  // Line through node v with direction d touches the obstacle at v only
  // (both ring neighbours on one side of it).
  bool tangent(std::uint32_t v, double dx, double dy) const {
    const double c1 = dx * ay[v] - dy * ax[v];
    const double c2 = dx * by[v] - dy * bx[v];
    return c1 * c2 >= 0;
  }

  long body_of(Coord p) const {
    long best = -1;
    double best_area = kInf;
    for (std::size_t i = 0; i < holes.size(); ++i) {
      const Hole& h = holes[i];
      if (p.x < h.extent.min_x || p.x > h.extent.max_x || p.y < h.extent.min_y || p.y > h.extent.max_y) continue;
      if (h.area < best_area && in_ring(p, h.ring)) best = static_cast<long>(i), best_area = h.area;
    }
    return best;
  }

  const std::vector<Neighbour>& neighbours(std::uint32_t u) const {
    std::call_once(once[u], [&] {
      std::vector<Neighbour> out;
      const Coord pu = pos(u);
      // Bitangent candidates first (a branch-free pass the compiler can
      // vectorise), then the visibility walks.
      thread_local std::vector<std::uint32_t> cand;
      cand.resize(n() + 1);
      std::size_t k = 0;
      const double ux = vx[u], uy = vy[u], uax = ax[u], uay = ay[u], ubx = bx[u], uby = by[u];
      const std::uint32_t nn = static_cast<std::uint32_t>(n());
      const double* __restrict X = vx.data();
      const double* __restrict Y = vy.data();
      const double* __restrict AX = ax.data();
      const double* __restrict AY = ay.data();
      const double* __restrict BX = bx.data();
      const double* __restrict BY = by.data();
      for (std::uint32_t v = 0; v < nn; ++v) {
        const double dx = X[v] - ux, dy = Y[v] - uy;
        const bool at_u = (dx * uay - dy * uax) * (dx * uby - dy * ubx) >= 0;
        const bool at_v = (dx * AY[v] - dy * AX[v]) * (dx * BY[v] - dy * BX[v]) >= 0;
        cand[k] = v;
        k += static_cast<std::size_t>(at_u & at_v & (v != u));
      }
      Blockers recent;
      for (std::size_t i = 0; i < k; ++i) {
        const std::uint32_t v = cand[i];
        if (recent.blocked(grid, pu, pos(v))) continue;
        out.push_back({v, distance(pu, pos(v)), vx[v] - vx[u], vy[v] - vy[u], px[v], py[v]});
      }
      out.shrink_to_fit();
      edges_done.fetch_add(out.size(), std::memory_order_relaxed);
      adjacency[u] = std::move(out);
    });
    return adjacency[u];
  }

  // The link from p (inside an obstacle) to the nearest boundary point of
  // an edge that `keep` accepts, nudged out into free water.
  template <typename Keep>
  Access link(Coord p, Keep keep) const {
    Access ac;
    const EdgeGrid::Nearest near = grid.nearest(p, options.port_reach_m, keep);
    if (!std::isfinite(near.dist)) return ac;
    // Out of the obstacle: on along p -> q (the way out when q is the nearest
    // boundary point of all), else along the outward normal of q's edge (when
    // `keep` skipped nearer edges, p -> q may lead into another obstacle),
    // from q or, when q is a (reflex) vertex, from a point of the edge 2 m in.
    const Edge& e = grid.edges()[near.edge];
    const double len = distance(e.a, e.b);
    const Coord normal{(e.b.y - e.a.y) / len, -(e.b.x - e.a.x) / len};  // right of a -> b: outside
    const Coord q = near.point;
    const double from_a = distance(e.a, q);
    const double s_in = (from_a < len / 2 ? std::min(from_a + 2.0, len / 2) : std::max(from_a - 2.0, len / 2)) / len;
    const Coord inner{e.a.x + (e.b.x - e.a.x) * s_in, e.a.y + (e.b.y - e.a.y) * s_in};
    std::pair<Coord, Coord> ways[3] = {{q, normal}, {q, normal}, {inner, normal}};
    if (near.dist > 0) ways[0].second = {(q.x - p.x) / near.dist, (q.y - p.y) / near.dist};
    for (const auto& [base, dir] : ways)
      for (const double nudge : {kNudgeM, 0.25, 0.05}) {
        const Coord w{base.x + dir.x * nudge, base.y + dir.y * nudge};
        if (grid.winding(w) <= 0) {
          ac.water = w;
          ac.link_m = distance(p, w);
          ac.reachable = ac.link_m <= options.port_reach_m;
          ac.link_over_land = land.contains(p) || land.crosses(p, w);
          return ac;
        }
      }
    return ac;
  }

  void see(Access& ac) const {
    ac.body = body_of(ac.water);
    Blockers recent;
    for (std::uint32_t v = 0; v < n(); ++v) {
      const double dx = vx[v] - ac.water.x, dy = vy[v] - ac.water.y;
      if (!tangent(v, dx, dy)) continue;
      if (recent.blocked(grid, ac.water, pos(v))) continue;
      ac.visible.push_back({v, distance(ac.water, pos(v)), 0, 0, px[v], py[v]});
    }
  }

  Endpoint prepare(Coord p) const {
    Endpoint ep;
    if (!finite(p)) return ep;
    if (grid.winding(p) <= 0) {  // in free water
      ep.nearest.water = p;
      ep.nearest.reachable = true;
      see(ep.nearest);
      return ep;
    }
    ep.nearest = link(p, [](std::uint32_t) { return true; });
    if (!ep.nearest.reachable) return ep;
    see(ep.nearest);
    if (ep.nearest.body != -1) {
      Access sea = link(p, [&](std::uint32_t e) { return edge_body[e] == -1; });
      if (sea.reachable) {
        see(sea);
        if (sea.body == -1) ep.sea = std::move(sea);
      }
    }
    return ep;
  }

  std::shared_ptr<const Endpoint> endpoint(Coord p) const {
    std::shared_ptr<std::pair<std::once_flag, Endpoint>> slot;
    {
      std::lock_guard<std::mutex> lock(cache_mutex);
      auto it = cache.find({p.x, p.y});
      if (it != cache.end()) {
        slot = it->second;
      } else if (cache.size() < kCacheLimit) {
        slot = std::make_shared<std::pair<std::once_flag, Endpoint>>();
        cache.emplace(std::make_pair(p.x, p.y), slot);
      }
    }
    if (!slot) return std::make_shared<const Endpoint>(prepare(p));
    std::call_once(slot->first, [&] { slot->second = prepare(p); });
    return std::shared_ptr<const Endpoint>(slot, &slot->second);
  }

  // Per-thread search state, reused across searches (stamped, never cleared).
  struct NodeState {
    double g;
    double goal_d;  // length of the last edge to the goal, when goal_stamp is current
    std::uint32_t stamp = 0, goal_stamp = 0, parent;
    bool closed;
  };
  struct Scratch {
    std::vector<NodeState> st;
    std::vector<std::pair<double, std::uint32_t>> heap;
    std::uint32_t epoch = 0;
  };

  std::optional<SeaPath> route(Coord from, Coord to) const {
    if (!finite(from) || !finite(to)) return std::nullopt;  // (and never a NaN key in the cache)
    const auto se = endpoint(from);
    const auto te = endpoint(to);
    // Both ends' nearest water when it is one body; else both on the open sea.
    const Access* s = &se->nearest;
    const Access* t = &te->nearest;
    if (!s->reachable || !t->reachable) return std::nullopt;
    if (s->body != t->body) {
      s = s->body == -1 ? s : (se->sea ? &*se->sea : nullptr);
      t = t->body == -1 ? t : (te->sea ? &*te->sea : nullptr);
      if (!s || !t) return std::nullopt;
    }

    std::vector<Coord> via;  // node positions between s->water and t->water
    if (!(s->water == t->water) && grid.blocked(s->water, t->water)) {
      if (!search(*s, *t, via)) return std::nullopt;
    }
    SeaPath out;
    out.path.push_back(from);
    auto add = [&](Coord c) {
      if (!(out.path.back() == c)) out.path.push_back(c);
    };
    add(s->water);
    for (const Coord& c : via) add(c);
    add(t->water);
    add(to);
    if (out.path.size() == 1) out.path.push_back(to);
    for (std::size_t i = 1; i < out.path.size(); ++i) out.length_m += distance(out.path[i - 1], out.path[i]);
    out.start_link_m = s->link_m;
    out.end_link_m = t->link_m;
    out.start_link_over_land = s->link_over_land;
    out.end_link_over_land = t->link_over_land;
    return out;
  }

  // A* over the lazy graph from s->water to t->water; fills `via` with the
  // node positions in order. False when the graph does not connect them.
  bool search(const Access& s, const Access& t, std::vector<Coord>& via) const {
    thread_local Scratch sc;
    const std::uint32_t nn = static_cast<std::uint32_t>(n());
    if (sc.st.size() != nn) {
      sc.st.assign(nn, NodeState{});
      sc.epoch = 0;
    }
    if (++sc.epoch == 0) {  // wrapped: reset the stamps
      sc.st.assign(nn, NodeState{});
      sc.epoch = 1;
    }
    const std::uint32_t ep = sc.epoch;
    NodeState* st = sc.st.data();
    const Coord goal = t.water;
    for (const Neighbour& nb : t.visible) st[nb.node].goal_stamp = ep, st[nb.node].goal_d = nb.length_m;

    // Open list: (f, node), smallest f first, ties by node id (deterministic);
    // node nn stands for the goal.
    using Item = std::pair<double, std::uint32_t>;
    std::vector<Item>& heap = sc.heap;
    heap.clear();
    const auto later = std::greater<Item>();
    auto push = [&](double f, std::uint32_t v) {
      heap.push_back({f, v});
      std::push_heap(heap.begin(), heap.end(), later);
    };
    double best = kInf;
    std::uint32_t best_parent = nn;
    auto relax = [&](std::uint32_t v, double g, std::uint32_t parent, double x, double y) {
      NodeState& sv = st[v];
      if (sv.stamp != ep) {
        sv.stamp = ep;
        sv.g = kInf;
        sv.closed = false;
      } else if (sv.closed) {
        return;
      }
      if (g < sv.g) {
        const double dx = x - goal.x, dy = y - goal.y;
        const double f = g + std::sqrt(dx * dx + dy * dy);
        if (f >= best) return;  // cannot beat the path already found
        sv.g = g;
        sv.parent = parent;
        push(f, v);
      }
    };
    for (const Neighbour& nb : s.visible) relax(nb.node, nb.length_m, nn, px[nb.node], py[nb.node]);
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const auto [f, u] = heap.back();
      heap.pop_back();
      if (u == nn || f >= best) break;
      NodeState& su = st[u];
      if (su.closed) continue;
      su.closed = true;
      if (su.goal_stamp == ep && su.g + su.goal_d < best) {
        best = su.g + su.goal_d;
        best_parent = u;
        push(best, nn);
      }
      const double gu = su.g;
      // Taut paths only: a shortest path bends round the obstacle at u, so it
      // turns at u towards the side of u's ring neighbours (a path turning
      // away could cut the corner and be shorter).
      const std::uint32_t pu = su.parent;
      const double inx = vx[u] - (pu == nn ? s.water.x : vx[pu]), iny = vy[u] - (pu == nn ? s.water.y : vy[pu]);
      double side = inx * ay[u] - iny * ax[u];
      if (side == 0) side = inx * by[u] - iny * bx[u];
      for (const Neighbour& nb : neighbours(u)) {
        if (side * (inx * nb.dvy - iny * nb.dvx) < 0) continue;
        relax(nb.node, gu + nb.length_m, u, nb.x, nb.y);
      }
    }
    if (best_parent == nn) return false;
    for (std::uint32_t v = best_parent; v != nn; v = st[v].parent) via.push_back(pos(v));
    std::reverse(via.begin(), via.end());
    return true;
  }
};

Navigator::Navigator(const std::vector<MultiPolygon>& land, const NavigationOptions& options)
    : impl_(std::make_unique<Impl>()) {
  const auto t0 = std::chrono::steady_clock::now();
  Impl& m = *impl_;
  m.options = options;
  const double min_channel = std::max(options.min_channel_m, 0.0);
  m.tolerance_m = min_channel / 16.0;
  m.clearance_m = (min_channel / 2.0 - m.tolerance_m) / kMaxGrowth;
  const int threads = thread_count(options.threads);

  std::vector<const Polygon*> polys;
  for (const MultiPolygon& mp : land)
    for (const Polygon& p : mp) polys.push_back(&p);

  // The given land, for the end-point checks.
  m.land.parts.resize(polys.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (std::size_t i = 0; i < polys.size(); ++i) {
    LandIndex::Part& part = m.land.parts[i];
    if (std::vector<Coord> s = clean_open(polys[i]->shell); s.size() >= 3) part.rings.push_back(std::move(s));
    for (const Ring& h : polys[i]->holes)
      if (std::vector<Coord> c = clean_open(h); c.size() >= 3) part.rings.push_back(std::move(c));
    for (const Ring& r : part.rings)
      for (const Coord& c : r) part.extent.expand(c);
  }

  // Generalised land, each polygon on its own (in parallel), then grown and united.
  std::vector<gd::GeomPtr> simple(polys.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
  for (std::size_t i = 0; i < polys.size(); ++i)
    simple[i] = generalise_polygon(*polys[i], m.tolerance_m, std::max(2.0 * m.clearance_m, kSmallestLake_m));
  for (const gd::GeomPtr& g : grow_and_unite(std::move(simple), m.clearance_m, kMitreLimit, threads)) {
    MultiPolygon parts = gd::polygons_from_geos(g.get());
    for (Polygon& p : parts) m.obstacles.push_back(std::move(p));
  }

  // Rings oriented with the obstacle on their left; edges, holes, nodes.
  std::vector<Edge> edges;
  struct Candidate {
    Coord pos, v, a, b;
  };
  std::vector<Candidate> candidates;
  // Water body beside each edge: a hole's own index; for a shell, the body
  // around it (set once all holes are known).
  std::vector<long> edge_body;
  std::vector<std::pair<std::size_t, Coord>> shell_starts;  // first edge of a shell, one of its vertices
  auto add_ring = [&](const Ring& ring, bool is_hole) {
    std::vector<Coord> r = clean_open(ring);
    if (r.size() < 3) return;
    const double area = signed_area(r);
    if ((area < 0) != is_hole) std::reverse(r.begin(), r.end());
    if (is_hole) m.holes.push_back({r, geometry::extent_of(r), std::abs(area)});
    else shell_starts.push_back({edges.size(), r[0]});
    edge_body.resize(edges.size() + r.size(), is_hole ? static_cast<long>(m.holes.size()) - 1 : -1);
    const std::size_t n = r.size();
    for (std::size_t i = 0; i < n; ++i) {
      const Coord prev = r[(i + n - 1) % n], v = r[i], next = r[(i + 1) % n];
      edges.push_back({v, next});
      if (cross(prev, v, next) <= 0) continue;  // reflex or flat: never on a shortest path
      const double l1 = distance(prev, v), l2 = distance(v, next);
      const Coord n1{(v.y - prev.y) / l1, -(v.x - prev.x) / l1}, n2{(next.y - v.y) / l2, -(next.x - v.x) / l2};
      Coord d{n1.x + n2.x, n1.y + n2.y};
      const double dl = std::hypot(d.x, d.y);
      if (!(dl > 0)) continue;
      d = {d.x / dl, d.y / dl};
      candidates.push_back({{v.x + d.x * kNudgeM, v.y + d.y * kNudgeM}, v, {prev.x - v.x, prev.y - v.y},
                            {next.x - v.x, next.y - v.y}});
    }
  };
  for (const Polygon& p : m.obstacles) {
    add_ring(p.shell, false);
    for (const Ring& h : p.holes) add_ring(h, true);
  }
  for (std::size_t k = 0; k < shell_starts.size(); ++k) {
    const std::size_t end = k + 1 < shell_starts.size() ? shell_starts[k + 1].first : edges.size();
    const long body = m.body_of(shell_starts[k].second);
    for (std::size_t e = shell_starts[k].first; e < end; ++e)
      if (edge_body[e] == -1) edge_body[e] = body;
  }
  m.edge_body = std::move(edge_body);
  m.grid = EdgeGrid(std::move(edges));
  std::vector<char> keep(candidates.size(), 0);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::size_t i = 0; i < candidates.size(); ++i) keep[i] = m.grid.winding(candidates[i].pos) <= 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!keep[i]) continue;
    const Candidate& c = candidates[i];
    m.px.push_back(c.pos.x);
    m.py.push_back(c.pos.y);
    m.vx.push_back(c.v.x);
    m.vy.push_back(c.v.y);
    m.ax.push_back(c.a.x);
    m.ay.push_back(c.a.y);
    m.bx.push_back(c.b.x);
    m.by.push_back(c.b.y);
  }
  m.once = std::make_unique<std::once_flag[]>(m.n());
  m.adjacency.resize(m.n());
  m.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Navigator::~Navigator() = default;
Navigator::Navigator(Navigator&&) noexcept = default;
Navigator& Navigator::operator=(Navigator&&) noexcept = default;

std::optional<SeaPath> Navigator::route(geometry::Coord from, geometry::Coord to) const { return impl_->route(from, to); }
std::size_t Navigator::node_count() const { return impl_->n(); }
std::size_t Navigator::edge_count() const { return impl_->edges_done.load(std::memory_order_relaxed); }
double Navigator::build_seconds() const { return impl_->build_s; }
double Navigator::simplify_tolerance_m() const { return impl_->tolerance_m; }
double Navigator::clearance_m() const { return impl_->clearance_m; }
const geometry::MultiPolygon& Navigator::obstacles() const { return impl_->obstacles; }

}  // namespace borderflow::sea
