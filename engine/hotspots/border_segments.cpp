#include "engine/hotspots/border_segments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "engine/geometry/planar.hpp"
#include "engine/geometry/segment_index.hpp"

namespace borderflow::hotspots {

namespace {

double length_of(const geometry::LineString& l) {
  double s = 0.0;
  for (std::size_t i = 1; i < l.size(); ++i) s += geometry::planar::distance(l[i - 1], l[i]);
  return s;
}

}  // namespace

geometry::LineString substring(const geometry::LineString& line, double from_m, double to_m) {
  geometry::LineString out;
  if (line.empty()) return out;
  double at = 0.0;
  using geometry::planar::lerp;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const double len = geometry::planar::distance(line[i - 1], line[i]);
    const double next = at + len;
    if (next >= from_m && at <= to_m && len > 0.0) {
      if (out.empty()) out.push_back(lerp(line[i - 1], line[i], std::clamp((from_m - at) / len, 0.0, 1.0)));
      if (next <= to_m)
        out.push_back(line[i]);
      else {
        out.push_back(lerp(line[i - 1], line[i], std::clamp((to_m - at) / len, 0.0, 1.0)));
        break;
      }
    }
    at = next;
  }
  if (out.size() == 1) out.push_back(out.front());
  return out;
}

BorderSegments border_segments(const std::vector<frontier::BorderLineOut>& borders,
                               std::span<const SegmentCrossing> crossings, std::size_t groups,
                               const BorderSegmentOptions& o) {
  if (!(o.segment_m > 0.0) || !std::isfinite(o.segment_m) || !std::isfinite(o.max_distance_m))
    throw std::invalid_argument("border segments: the segment length must be a positive number of metres");
  if (o.band_m < 0.0 || !std::isfinite(o.band_m))
    throw std::invalid_argument("border segments: the neighbour distance must be a positive number of metres");
  if (groups == 0) groups = 1;
  BorderSegments out;
  out.groups = groups;
  out.band_m = o.band_m > 0.0 ? o.band_m : 2.0 * o.segment_m;
  // Cut, after checking the number of pieces.
  double pieces_total = 0.0;
  for (const auto& line : borders) {
    if (line.unit_b.empty() && !o.coast) continue;
    for (const auto& part : line.path) pieces_total += std::max(1.0, std::round(length_of(part) / o.segment_m));
  }
  if (pieces_total > static_cast<double>(o.max_segments))
    throw std::invalid_argument("border segments: segments of " + std::to_string(o.segment_m) + " m cut the borders into " +
                                std::to_string(static_cast<long long>(std::min(pieces_total, 9e18))) +
                                " pieces; choose a longer segment");
  for (std::size_t b = 0; b < borders.size(); ++b) {
    const auto& line = borders[b];
    if (line.unit_b.empty() && !o.coast) continue;
    for (std::size_t part = 0; part < line.path.size(); ++part) {
      const double len = length_of(line.path[part]);
      if (!(len > 0.0)) continue;
      const auto pieces = static_cast<std::size_t>(std::max(1.0, std::round(len / o.segment_m)));
      const double step = len / static_cast<double>(pieces);
      for (std::size_t k = 0; k < pieces; ++k) {
        BorderSegment s;
        s.border = b;
        s.unit_a = line.unit_a;
        s.unit_b = line.unit_b;
        s.part = part;
        s.from_m = static_cast<double>(k) * step;
        s.path = substring(line.path[part], s.from_m, k + 1 == pieces ? len : s.from_m + step);
        s.length_m = length_of(s.path);
        out.segments.push_back(std::move(s));
      }
    }
  }
  const std::size_t n = out.segments.size();
  out.group_weight.assign(n * groups, 0.0);
  out.steps = o.steps;
  out.step_weight.assign(n * o.steps, 0.0);
  // Assign each crossing to the nearest segment of its own border.
  std::map<std::pair<std::string, std::string>, std::size_t> border_of;
  for (std::size_t b = 0; b < borders.size(); ++b) border_of.emplace(std::pair(borders[b].unit_a, borders[b].unit_b), b);
  std::vector<geometry::Segment> pieces;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 1; k < out.segments[i].path.size(); ++k)
      pieces.push_back({out.segments[i].path[k - 1], out.segments[i].path[k], static_cast<std::uint32_t>(i)});
  const geometry::SegmentIndex index(std::move(pieces));
  for (const auto& c : crossings) {
    if (c.unit_b.empty() && !o.coast) continue;  // coast not cut: not a border segment's crossing
    const auto it = border_of.find(std::pair(c.unit_a, c.unit_b));
    std::size_t best = n;
    double best_d2 = std::numeric_limits<double>::infinity();
    if (it != border_of.end() && c.group < groups) {
      for (double r = 50.0;; r = std::min(r * 4.0, o.max_distance_m)) {
        index.query(c.xy.x - r, c.xy.y - r, c.xy.x + r, c.xy.y + r, [&](const geometry::Segment& s) {
          if (out.segments[s.owner].border != it->second) return;
          const double d2 = geometry::planar::point_segment_distance_sq(c.xy, s.a, s.b);
          if (d2 < best_d2 || (d2 == best_d2 && s.owner < best)) {
            best_d2 = d2;
            best = s.owner;
          }
        });
        // A hit within r is the nearest: anything nearer lies in the box.
        if ((best < n && best_d2 <= r * r) || r >= o.max_distance_m) break;
      }
    }
    if (best == n || best_d2 > o.max_distance_m * o.max_distance_m) {
      ++out.unassigned;
      continue;
    }
    ++out.segments[best].crossings;
    out.segments[best].weight += c.weight;
    out.group_weight[best * groups + c.group] += c.weight;
    if (c.step < o.steps) out.step_weight[best * o.steps + c.step] += c.weight;
  }
  // Neighbours along the border.
  std::vector<geometry::Coord> mid(n);
  std::vector<double> mid_along(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = out.segments[i];
    const geometry::LineString half = substring(s.path, 0.0, s.length_m / 2.0);
    mid[i] = half.empty() ? geometry::Coord{} : half.back();
    mid_along[i] = s.from_m + s.length_m / 2.0;
  }
  Neighbours nb;
  nb.offsets.assign(n + 1, 0);
  if (n > 0) {
    const Neighbours near = distance_band(mid, out.band_m, o.gi.threads);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::uint32_t j : near.of(i)) {
        const auto& a = out.segments[i];
        const auto& b = out.segments[j];
        if (a.border != b.border) continue;
        if (a.part == b.part && std::abs(mid_along[i] - mid_along[j]) > out.band_m * (1.0 + 1e-9)) continue;
        nb.index.push_back(j);
      }
      nb.offsets[i + 1] = nb.index.size();
    }
  }
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = out.segments[i].weight;
  out.gi = gi_star(w, nb, o.gi);
  out.gi.band_m = out.band_m;
  if (o.gi.keep_neighbours) out.gi.neighbours = std::move(nb);
  return out;
}

}  // namespace borderflow::hotspots
