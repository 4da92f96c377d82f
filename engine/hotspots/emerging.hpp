#pragma once
// Emerging hot spots: Gi* over a space-time cube, the Mann-Kendall trend of
// each location's series of Gi* z, and ArcGIS Pro's emerging hot spot
// categories (Emerging Hot Spot Analysis, "How Emerging Hot Spot Analysis
// works"). The rules are written out in the README (Trends).
//
// The cube has L locations (hex cells, border segments) x T time steps;
// bins are location-major: bin (i, t) is values[i * T + t].
//
// Space-time Gi*: the neighbours of bin (i, t) are the bins (j, t') with j = i
// or j a spatial neighbour of i, and t - window <= t' <= t (ArcGIS's
// Neighborhood Time Step). Binary weights, the bin itself included, and the
// cube's global mean and population standard deviation over all L x T bins:
//   z = (sum_nb x - xbar W) / (S sqrt((n W - W^2) / (n - 1))),  n = L T
// which is gi_star.hpp's formula on the cube. Bins and the false discovery
// rate as there (Benjamini-Hochberg over all defined bins of the cube).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hotspots/spatial_weights.hpp"

namespace borderflow::hotspots {

// Mann-Kendall trend test of a series in time order (ties handled):
//   S = sum_{i<j} sign(x_j - x_i)
//   var S = (n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)) / 18   (t_g: sizes of groups of equal values)
//   z = S / sqrt(var S),  p two-sided from the standard normal
// without a continuity correction: z is then what scipy.stats.kendalltau
// (tau-b, method "asymptotic") reports for (time, x). z = 0, p = 1 when
// var S = 0 (fewer than two values, or all equal).
struct MannKendall {
  std::size_t n = 0;
  double s = 0.0;
  double var_s = 0.0;
  double z = 0.0;
  double p = 1.0;
};
MannKendall mann_kendall(std::span<const double> series);

// ArcGIS's categories, in the order they are checked.
enum class EmergingCategory : std::uint8_t {
  none,  // "no pattern detected"
  new_hot, consecutive_hot, intensifying_hot, persistent_hot, diminishing_hot, sporadic_hot, oscillating_hot,
  historical_hot,
  new_cold, consecutive_cold, intensifying_cold, persistent_cold, diminishing_cold, sporadic_cold, oscillating_cold,
  historical_cold,
};
inline constexpr std::size_t kEmergingCategories = 17;
// ArcGIS's words in lower case: "new hot spot", ..., "no pattern detected".
std::string_view to_string(EmergingCategory c) noexcept;

// The category of one location from the Gi* bins of its steps (time order;
// > 0 hot, < 0 cold, 0 not significant) and the Mann-Kendall trend of its
// Gi* z (z and p). A trend is significant when p < alpha.
EmergingCategory classify_emerging(std::span<const std::int8_t> bins, double trend_z, double trend_p,
                                   double alpha) noexcept;

struct EmergingOptions {
  std::size_t window = 1;     // Neighborhood Time Step: the steps before each step that count as neighbours
  double trend_alpha = 0.05;  // significance of the Mann-Kendall trend
  bool fdr = true;            // Benjamini-Hochberg on the bins of the cube
  int threads = 0;
};

struct EmergingResult {
  std::size_t locations = 0;
  std::size_t steps = 0;
  std::size_t window = 1;
  double trend_alpha = 0.05;
  // Per bin, location-major.
  std::vector<double> z;  // NaN where not defined
  std::vector<double> p;  // two-sided normal
  std::vector<std::int8_t> bin;
  // Per location.
  std::vector<MannKendall> trend;  // of the defined z of the location, in time order
  std::vector<EmergingCategory> category;
  std::vector<std::uint32_t> hot_steps, cold_steps;
  double mean = 0.0, std_dev = 0.0;  // of the cube
  std::array<double, 3> p_threshold{};
  bool fdr = false;
};

// Throws std::invalid_argument when the sizes do not match (values.size() !=
// neighbours.size() * steps), steps is 0, a value is not finite, or alpha is
// outside (0, 1).
EmergingResult emerging_hotspots(std::span<const double> values, std::size_t steps, const Neighbours& neighbours,
                                 const EmergingOptions& options = {});

// Small-count protection of a cube (--min-count K): per bin, whether a bin of
// its space-time neighbourhood (itself included) holds 0 < persons < K; its
// z would give that count back with the neighbours' values. Location-major
// as the cube. All false for K <= 1.
std::vector<char> bins_next_to_small_counts(std::span<const double> persons, std::size_t steps,
                                            const Neighbours& neighbours, std::size_t window, double min_count);
// Per location of a location-major cube of flags: whether any of its steps is set.
std::vector<char> any_step(std::span<const char> bins, std::size_t steps);

// Time steps of a time field: a whole year ("2021"), or an ISO date or month
// ("2021-03-15", "2021-03", "2021-03-15T10:00"). A step is a year, a quarter
// or a month; its key counts steps from year 0 so that consecutive steps
// differ by 1.
enum class TimeStep { year, quarter, month };
std::string_view to_string(TimeStep s) noexcept;
std::optional<TimeStep> parse_time_step(std::string_view s) noexcept;
// The step key of a field value; nullopt when the value is empty or not a
// year or date (or, for quarter and month steps, a bare year).
std::optional<std::int64_t> time_step_key(std::string_view value, TimeStep step) noexcept;
// "2021", "2021Q1", "2021-03".
std::string time_step_label(std::int64_t key, TimeStep step);

}  // namespace borderflow::hotspots
