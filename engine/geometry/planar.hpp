#pragma once
// Planar primitives on Coord: vectors, orientation, distances, interpolation
// and segment intersection in one Cartesian plane. Inside the engine that
// plane is the working CRS, in metres; the functions work in any unit, and
// distances come back in that unit (squared ones in its square).
//
// Exactness: plain double arithmetic, in the order written here, with no
// robust (exact or adaptive) predicates: orientation() near zero may have
// the wrong sign, and segment_intersections() decides with the tolerances it
// documents. The operation order is kept on purpose: reordering an
// expression (or replacing hypot by sqrt) changes results in the last bits,
// and through thresholds and ties the crossings, borders, clusters and hot
// spots computed from them. Where two callers round differently there are two
// functions (point_segment_distance and point_segment_distance_sq).
#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry::planar {

// a - b.
inline Coord sub(Coord a, Coord b) noexcept { return {a.x - b.x, a.y - b.y}; }

inline double dot(Coord a, Coord b) noexcept { return a.x * b.x + a.y * b.y; }

// z component of the cross product a x b: |a| |b| sin(angle from a to b).
inline double cross(Coord a, Coord b) noexcept { return a.x * b.y - a.y * b.x; }

// Twice the signed area of the triangle o, a, b: > 0 when o -> a -> b turns
// counter-clockwise (b left of o -> a), < 0 clockwise, 0 collinear (up to
// rounding, see above).
inline double orientation(Coord o, Coord a, Coord b) noexcept { return cross(sub(a, o), sub(b, o)); }

// The point at parameter t along a -> b (t = 0: a, t = 1: b), a + (b - a) t.
inline Coord lerp(Coord a, Coord b, double t) noexcept { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// Euclidean distance |b - a| (std::hypot: no overflow or underflow in the square).
inline double distance(Coord a, Coord b) noexcept { return std::hypot(b.x - a.x, b.y - a.y); }

// Squared distance |b - a|^2, for comparisons against a squared radius.
inline double distance_sq(Coord a, Coord b) noexcept {
  const double dx = b.x - a.x, dy = b.y - a.y;
  return dx * dx + dy * dy;
}

// The parameter t in [0, 1] of the point of segment a -> b nearest to p
// (0 when a == b).
inline double closest_parameter(Coord p, Coord a, Coord b) noexcept {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  return std::clamp(t, 0.0, 1.0);
}

// Distance from p to the nearest point of segment a -> b (std::hypot).
inline double point_segment_distance(Coord p, Coord a, Coord b) noexcept {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double t = closest_parameter(p, a, b);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Squared distance from p to the nearest point of segment a -> b. Not always
// the square of point_segment_distance() to the last bit.
inline double point_segment_distance_sq(Coord p, Coord a, Coord b) noexcept {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double t = closest_parameter(p, a, b);
  const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

// Whether the closed segments p-q and a-b come within `eps` of each other
// (cross, touch, overlap, or nearly so): a conservative test, true whenever
// they share a point and also for segments a rounding error apart.
inline bool segments_near(Coord p, Coord q, Coord a, Coord b, double eps) noexcept {
  const double d1 = orientation(a, b, p), d2 = orientation(a, b, q);
  const double d3 = orientation(p, q, a), d4 = orientation(p, q, b);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return point_segment_distance(p, a, b) <= eps || point_segment_distance(q, a, b) <= eps ||
         point_segment_distance(a, p, q) <= eps || point_segment_distance(b, p, q) <= eps;
}

// Appends to `ts` the parameters t in [0, 1] along p -> q where it meets the
// segment a -> b: the crossing point, or for collinear segments the
// parameters of a and b that lie within p -> q (the other ends of the overlap
// are p or q, t = 0 or 1, which the caller is expected to hold already).
// Appends nothing when p == q or the segments do not meet. Tolerances, with
// r = q - p and s = b - a:
//  - not parallel when |cross(r, s)| > 1e-12 |r| |s|; then a crossing counts
//    when both parameters lie in [-1e-12, 1 + 1e-12], and t is clamped to [0, 1];
//  - parallel segments are collinear when a lies within 1e-9 (1 + |a - p|)
//    (coordinate units) of the line through p and q.
inline void segment_intersections(Coord p, Coord q, Coord a, Coord b, std::vector<double>& ts) {
  const Coord r = sub(q, p);
  const Coord s = sub(b, a);
  const Coord ap = sub(a, p);
  const double denom = cross(r, s);
  const double rr = dot(r, r);
  const double ss = dot(s, s);
  if (rr == 0.0) return;
  constexpr double eps = 1e-12;
  if (std::abs(denom) > eps * std::sqrt(rr * ss)) {
    const double t = cross(ap, s) / denom;
    const double u = cross(ap, r) / denom;
    if (t >= -eps && t <= 1 + eps && u >= -eps && u <= 1 + eps) ts.push_back(std::clamp(t, 0.0, 1.0));
    return;
  }
  // Parallel: only collinear segments meet.
  if (std::abs(cross(ap, r)) > 1e-9 * std::sqrt(rr) * (1.0 + std::sqrt(dot(ap, ap)))) return;
  for (Coord e : {a, b}) {
    const double t = dot(sub(e, p), r) / rr;
    if (t >= 0.0 && t <= 1.0) ts.push_back(t);
  }
}

}  // namespace borderflow::geometry::planar
