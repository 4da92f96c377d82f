#pragma once
// Border-segment intensity: land borders (and, optionally, coastlines) cut
// into pieces of about segment_m, each with the crossings nearest to it, and
// Gi* along the border. This is the layer a border guard plans patrols from.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/frontier/frontier.hpp"
#include "engine/hotspots/gi_star.hpp"

namespace borderflow::hotspots {

struct BorderSegmentOptions {
  // Each part of a border line is cut into max(1, round(length / segment_m))
  // pieces of equal length.
  double segment_m = 10000.0;
  bool coast = false;  // also cut the coastlines
  // Neighbours for Gi*: segments of the same border whose midpoints are
  // within band_m, along the line on the same part and straight across
  // between parts. 0 = 2 * segment_m (the two segments each side).
  double band_m = 0.0;
  // A crossing further than this from every segment of its border is not
  // assigned (reported as unassigned).
  double max_distance_m = 10000.0;
  std::size_t max_segments = 10'000'000;  // refuse finer cuts
  std::size_t steps = 0;  // time steps of the space-time cube (0 = none)
  GiStarOptions gi;
};

// A crossing to assign. unit_a < unit_b for land; unit_b empty for a coast
// crossing (unit_a the land side). Working CRS.
struct SegmentCrossing {
  geometry::Coord xy;
  std::string unit_a;
  std::string unit_b;
  double weight = 1.0;
  std::uint32_t group = 0;
  std::uint32_t step = 0xFFFFFFFFu;  // time step (< BorderSegmentOptions::steps), or none
};

struct BorderSegment {
  std::size_t border = 0;  // index into the borders given
  std::string unit_a;
  std::string unit_b;      // empty for coast
  std::size_t part = 0;    // part of that border's line
  double from_m = 0.0;     // metres along the part where the segment starts
  geometry::LineString path;  // working CRS
  double length_m = 0.0;      // planar, working CRS
  // Geodesic metres on WGS 84, when the caller knows the projection
  // (analyze_hotspots fills it; 0 otherwise). weight_per_km uses it.
  double geodesic_length_m = 0.0;
  std::size_t crossings = 0;
  double weight = 0.0;
};

struct BorderSegments {
  std::vector<BorderSegment> segments;
  std::size_t groups = 1;
  std::vector<double> group_weight;  // segment-major
  std::size_t steps = 0;
  std::vector<double> step_weight;  // segment-major: step_weight[segment * steps + t]
  GiStarResult gi;                   // on the segments' weight
  double band_m = 0.0;
  // Crossings with no segment of their border within max_distance_m (coast
  // crossings are ignored, not counted, when the coast is not cut).
  std::size_t unassigned = 0;
};

// Throws std::invalid_argument for a segment length or band that is not a
// positive finite number, or a cut into more than max_segments pieces.
BorderSegments border_segments(const std::vector<frontier::BorderLineOut>& borders,
                               std::span<const SegmentCrossing> crossings, std::size_t groups,
                               const BorderSegmentOptions& options = {});

// The piece of `line` between `from_m` and `to_m` metres along it.
geometry::LineString substring(const geometry::LineString& line, double from_m, double to_m);

}  // namespace borderflow::hotspots
