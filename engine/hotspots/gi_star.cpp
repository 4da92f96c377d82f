#include "engine/hotspots/gi_star.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/hotspots/detail/parallel.hpp"
#include "engine/hotspots/detail/random.hpp"

namespace borderflow::hotspots {

std::string_view to_string(GiWeights w) noexcept {
  return w == GiWeights::k_nearest ? "k_nearest" : "distance_band";
}

namespace {

constexpr std::array<double, 3> kAlpha{0.10, 0.05, 0.01};

}  // namespace

std::array<double, 3> gi_thresholds(std::span<const double> p, std::span<const char> defined, bool fdr) {
  if (!fdr) return kAlpha;
  // Only p <= the largest alpha can be a threshold (p_(k) <= alpha k / m <=
  // alpha), and those are the smallest, so their ranks among themselves are
  // their ranks among all m: sort only them.
  std::vector<double> sorted;
  std::size_t count = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!defined[i]) continue;
    ++count;
    if (p[i] <= kAlpha[0]) sorted.push_back(p[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  const double m = static_cast<double>(count);
  std::array<double, 3> t{-1.0, -1.0, -1.0};
  for (int level = 0; level < 3; ++level)
    for (std::size_t k = sorted.size(); k-- > 0;)
      if (sorted[k] <= kAlpha[level] * static_cast<double>(k + 1) / m) {
        t[level] = sorted[k];
        break;
      }
  return t;
}

std::int8_t gi_bin(double z, double p, const std::array<double, 3>& t) noexcept {
  if (!std::isfinite(z) || !std::isfinite(p)) return 0;
  int level = 0;
  for (int l = 0; l < 3; ++l)
    if (p <= t[l]) level = l + 1;
  return static_cast<std::int8_t>(z > 0 ? level : z < 0 ? -level : 0);
}

GiStarResult gi_star(std::span<const double> values, const Neighbours& nb, const GiStarOptions& options) {
  const std::size_t n = values.size();
  if (nb.size() != n)
    throw std::invalid_argument("Gi*: " + std::to_string(n) + " values but neighbours for " + std::to_string(nb.size()));
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(values[i]))
      throw std::invalid_argument("Gi*: value " + std::to_string(i) + " is not a finite number");
  GiStarResult r;
  r.z.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.p.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.p_analytic.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.bin.assign(n, 0);
  r.n_neighbors.resize(n);
  r.defined.assign(n, 0);
  if (n == 0) return r;
  // Two passes for the mean and the population standard deviation.
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double S = std::sqrt(ss / static_cast<double>(n));
  r.mean = mean;
  r.std_dev = S;
  const double dn = static_cast<double>(n);
  const int nt = detail::thread_count(options.threads);
  // A spread below 1e-12 of the values' magnitude is rounding noise: no z.
  const bool spread = S > 1e-12 * std::max(1.0, std::abs(mean));
  std::size_t isolated = 0;
#pragma omp parallel for schedule(static) num_threads(nt) reduction(+ : isolated)
  for (std::size_t i = 0; i < n; ++i) {
    const auto js = nb.of(i);
    r.n_neighbors[i] = static_cast<std::uint32_t>(js.size());
    if (js.empty()) {
      ++isolated;
      continue;
    }
    double local = values[i];
    for (std::uint32_t j : js) local += values[j];
    const double W = 1.0 + static_cast<double>(js.size());
    const double var = (dn * W - W * W) / (dn - 1.0);
    if (!spread || !(var > 0.0)) continue;
    r.z[i] = (local - mean * W) / (S * std::sqrt(var));
    r.p_analytic[i] = std::erfc(std::abs(r.z[i]) / std::sqrt(2.0));
    r.defined[i] = 1;
  }
  r.isolated = isolated;
  r.p = r.p_analytic;

  if (options.permutations > 0) {
    r.p_sim.assign(n, std::numeric_limits<double>::quiet_NaN());
    const std::size_t perms = options.permutations;
#pragma omp parallel num_threads(nt)
    {
      // Partial Fisher-Yates over the other n - 1 locations, undone after
      // each draw so that every location's draws depend only on (seed, i).
      std::vector<std::uint32_t> pool(n - 1);
      for (std::size_t k = 0; k + 1 < n; ++k) pool[k] = static_cast<std::uint32_t>(k);
      std::vector<std::pair<std::uint32_t, std::uint32_t>> swaps;
#pragma omp for schedule(dynamic, 256)
      for (std::size_t i = 0; i < n; ++i) {
        if (!r.defined[i]) continue;
        detail::SplitMix64 rng(detail::mix_seed(options.seed, i));
        const auto js = nb.of(i);
        double observed = values[i];
        for (std::uint32_t j : js) observed += values[j];
        const std::size_t m = std::min<std::size_t>(js.size(), n - 1);
        std::size_t larger = 0;
        for (std::size_t p = 0; p < perms; ++p) {
          double s = values[i];
          swaps.clear();
          for (std::size_t t = 0; t < m; ++t) {
            const auto u = static_cast<std::uint32_t>(t + rng.below(n - 1 - t));
            std::swap(pool[t], pool[u]);
            swaps.emplace_back(static_cast<std::uint32_t>(t), u);
            const std::uint32_t other = pool[t] >= i ? pool[t] + 1 : pool[t];
            s += values[other];
          }
          for (auto it = swaps.rbegin(); it != swaps.rend(); ++it) std::swap(pool[it->first], pool[it->second]);
          if (s >= observed) ++larger;
        }
        if (perms - larger < larger) larger = perms - larger;
        r.p_sim[i] = static_cast<double>(larger + 1) / static_cast<double>(perms + 1);
        r.p[i] = std::min(1.0, 2.0 * r.p_sim[i]);
      }
    }
  }
  r.p_threshold = gi_thresholds(r.p, r.defined, options.fdr);
  r.fdr = options.fdr;
  for (std::size_t i = 0; i < n; ++i)
    if (r.defined[i]) r.bin[i] = gi_bin(r.z[i], r.p[i], r.p_threshold);
  return r;
}

GiStarResult gi_star(std::span<const double> values, std::span<const geometry::Coord> xy, const GiStarOptions& options) {
  if (values.size() != xy.size())
    throw std::invalid_argument("Gi*: " + std::to_string(values.size()) + " values for " + std::to_string(xy.size()) +
                                " locations");
  for (const auto& p : xy)
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw std::invalid_argument("Gi*: a location is not finite");
  double band = 0.0;
  bool automatic = false;
  Neighbours nb;
  if (options.weights == GiWeights::k_nearest) {
    if (options.k == 0) throw std::invalid_argument("Gi*: k nearest neighbours needs k >= 1");
    nb = k_nearest(xy, options.k, options.threads);
  } else {
    if (options.band_m < 0.0 || !std::isfinite(options.band_m))
      throw std::invalid_argument("Gi*: the distance band must be a positive number of metres (0 = automatic)");
    band = options.band_m;
    if (band == 0.0) {
      automatic = true;
      band = min_band_with_a_neighbour(xy, options.threads);
    }
    if (band > 0.0)
      nb = distance_band(xy, band, options.threads);
    else
      nb.offsets.assign(xy.size() + 1, 0);  // fewer than two locations, or all coincident
  }
  GiStarResult r = gi_star(values, nb, options);
  r.band_m = band;
  r.band_automatic = automatic;
  if (options.keep_neighbours) r.neighbours = std::move(nb);
  return r;
}

}  // namespace borderflow::hotspots
