#pragma once
// Getis-Ord Gi* local statistic: where do high values cluster (hot spots)
// and low values cluster (cold spots)?
//
// The star form, with binary weights and the location itself included
// (Ord & Getis 1995, "Local spatial autocorrelation statistics: distributional
// issues and an application", Geographical Analysis 27(4), eq. 9 as z-score):
//   xbar = sum x / n,  S = sqrt(sum x^2 / n - xbar^2)
//   W_i  = 1 + number of neighbours of i
//   z_i  = (sum_{j in N(i) + i} x_j - xbar W_i) / (S sqrt((n W_i - W_i^2) / (n - 1)))
// which is what ArcGIS's Hot Spot Analysis and PySAL's G_Local(star=True)
// report. p is two-sided from the standard normal. Bins follow ArcGIS's
// Gi_Bin: +-3 at 99 % confidence (p <= 0.01), +-2 at 95 %, +-1 at 90 %, 0
// otherwise, signed as z; with the false discovery rate correction the
// threshold at each level is Benjamini-Hochberg's (largest p_(k) <= alpha k / n).
//
// A location without neighbours gets no z (defined = false, and counted in
// `isolated`); so does every location when all values are equal (S = 0).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/geometry/types.hpp"
#include "engine/hotspots/spatial_weights.hpp"

namespace borderflow::hotspots {

enum class GiWeights { distance_band, k_nearest };
std::string_view to_string(GiWeights w) noexcept;

struct GiStarOptions {
  GiWeights weights = GiWeights::distance_band;
  // Distance band in metres; 0 = the smallest band that gives every location
  // at least one neighbour (min_band_with_a_neighbour), as ArcGIS's default.
  double band_m = 0.0;
  std::size_t k = 8;  // for k_nearest
  // Conditional permutation inference (as PySAL): for each location its own
  // value is kept and its neighbours' values are drawn without replacement
  // from the other n - 1. 0 = analytic p only.
  std::size_t permutations = 0;
  std::uint64_t seed = 12345;
  // Benjamini-Hochberg false discovery rate correction of the bins.
  bool fdr = true;
  int threads = 0;  // 0 = all cores
  // Keep the neighbour lists in the result (for small-count suppression of
  // the outputs); they cost about 12 bytes per location and neighbour.
  bool keep_neighbours = false;
};

struct GiStarResult {
  std::vector<double> z;                  // NaN where !defined
  std::vector<double> p;                  // two-sided; analytic, or from the permutations when asked
  std::vector<double> p_analytic;         // two-sided normal p of z
  std::vector<double> p_sim;              // folded pseudo p (PySAL's p_sim), empty without permutations
  std::vector<std::int8_t> bin;           // -3..3; 0 where !defined
  std::vector<std::uint32_t> n_neighbors;  // excluding the location itself
  std::vector<char> defined;
  Neighbours neighbours;     // filled only with keep_neighbours
  std::size_t isolated = 0;  // locations without a neighbour
  double mean = 0.0;
  double std_dev = 0.0;           // S above (population form)
  double band_m = 0.0;            // band used (distance_band)
  bool band_automatic = false;
  // p at or below which a location is in |bin| 1, 2, 3 (with FDR: -1 where
  // no location reaches that level).
  std::array<double, 3> p_threshold{};
  bool fdr = false;  // thresholds by the false discovery rate
};

// Gi* of `values` at `xy` (metres) with the neighbours the options describe.
// Throws std::invalid_argument when the sizes differ, a value is not finite,
// or the options are out of range.
GiStarResult gi_star(std::span<const double> values, std::span<const geometry::Coord> xy,
                     const GiStarOptions& options = {});

// Gi* with neighbours given (any symmetric or asymmetric binary weights; the
// weights fields of the options are ignored).
GiStarResult gi_star(std::span<const double> values, const Neighbours& neighbours, const GiStarOptions& options = {});

// The p at or below which a location is in |bin| 1, 2, 3 (90, 95, 99 %):
// alpha itself, or with the false discovery rate the largest sorted p_(k)
// with p_(k) <= alpha k / m over the m defined p (-1 where none is).
std::array<double, 3> gi_thresholds(std::span<const double> p, std::span<const char> defined, bool fdr);

// ArcGIS's bin of one p with the thresholds of a result.
std::int8_t gi_bin(double z, double p, const std::array<double, 3>& p_threshold) noexcept;

}  // namespace borderflow::hotspots
