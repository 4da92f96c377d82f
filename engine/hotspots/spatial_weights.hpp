#pragma once
// Binary spatial weights for local statistics: who is a neighbour of whom.
// Locations are points in a metric CRS (metres). Neighbour lists never
// include the location itself (Gi* adds it).
#include <cstdint>
#include <span>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::hotspots {

// Neighbour lists in compressed rows: the neighbours of i are
// index[offsets[i] .. offsets[i+1]), sorted ascending.
struct Neighbours {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> index;
  std::size_t size() const noexcept { return offsets.size() - 1; }
  std::size_t count(std::size_t i) const noexcept { return static_cast<std::size_t>(offsets[i + 1] - offsets[i]); }
  std::span<const std::uint32_t> of(std::size_t i) const noexcept {
    return {index.data() + offsets[i], count(i)};
  }
};

// Locations at most band_m apart (with a relative tolerance of 1e-9, so that
// the exact lattice distances of a grid count). Coincident locations are
// neighbours of each other. Throws std::invalid_argument for more than 2^32-1
// locations or a band that is not positive and finite.
Neighbours distance_band(std::span<const geometry::Coord> xy, double band_m, int threads = 0);

// The k nearest other locations of each location; ties in distance broken by
// the lower index. Fewer than k when there are fewer than k+1 locations.
Neighbours k_nearest(std::span<const geometry::Coord> xy, std::size_t k, int threads = 0);

// The smallest band that gives every location at least one neighbour: the
// largest distance from a location to its nearest other location. 0 for fewer
// than two locations.
double min_band_with_a_neighbour(std::span<const geometry::Coord> xy, int threads = 0);

}  // namespace borderflow::hotspots
