#include "engine/hotspots/emerging.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/hotspots/detail/parallel.hpp"
#include "engine/hotspots/gi_star.hpp"

namespace borderflow::hotspots {

namespace {

// Mann-Kendall with a scratch buffer for the sorted copy (one per thread in
// emerging_hotspots: no allocation per location).
MannKendall mann_kendall(std::span<const double> x, std::vector<double>& sorted) {
  MannKendall r;
  r.n = x.size();
  const std::size_t n = x.size();
  if (n < 2) return r;
  long long s = 0, tied = 0;
  for (std::size_t i = 0; i + 1 < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      s += (x[j] > x[i]) - (x[j] < x[i]);
      tied += x[j] == x[i];
    }
  // Ties: groups of equal values (none in most series of z: no sort then).
  double ties = 0.0;
  if (tied > 0) {
    sorted.assign(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
  }
  for (std::size_t i = 0; tied > 0 && i < n;) {
    std::size_t k = i + 1;
    while (k < n && sorted[k] == sorted[i]) ++k;
    const double t = static_cast<double>(k - i);
    ties += t * (t - 1.0) * (2.0 * t + 5.0);
    i = k;
  }
  const double dn = static_cast<double>(n);
  r.s = static_cast<double>(s);
  r.var_s = (dn * (dn - 1.0) * (2.0 * dn + 5.0) - ties) / 18.0;
  if (r.var_s > 0.0) {
    r.z = r.s / std::sqrt(r.var_s);
    r.p = std::erfc(std::abs(r.z) / std::sqrt(2.0));
  }
  return r;
}

}  // namespace

MannKendall mann_kendall(std::span<const double> x) {
  std::vector<double> sorted;
  return mann_kendall(x, sorted);
}

std::string_view to_string(EmergingCategory c) noexcept {
  switch (c) {
    case EmergingCategory::none: return "no pattern detected";
    case EmergingCategory::new_hot: return "new hot spot";
    case EmergingCategory::consecutive_hot: return "consecutive hot spot";
    case EmergingCategory::intensifying_hot: return "intensifying hot spot";
    case EmergingCategory::persistent_hot: return "persistent hot spot";
    case EmergingCategory::diminishing_hot: return "diminishing hot spot";
    case EmergingCategory::sporadic_hot: return "sporadic hot spot";
    case EmergingCategory::oscillating_hot: return "oscillating hot spot";
    case EmergingCategory::historical_hot: return "historical hot spot";
    case EmergingCategory::new_cold: return "new cold spot";
    case EmergingCategory::consecutive_cold: return "consecutive cold spot";
    case EmergingCategory::intensifying_cold: return "intensifying cold spot";
    case EmergingCategory::persistent_cold: return "persistent cold spot";
    case EmergingCategory::diminishing_cold: return "diminishing cold spot";
    case EmergingCategory::sporadic_cold: return "sporadic cold spot";
    case EmergingCategory::oscillating_cold: return "oscillating cold spot";
    case EmergingCategory::historical_cold: return "historical cold spot";
  }
  return "no pattern detected";
}

namespace {

// The hot (sign +1) or cold (-1) pattern of a location, or none. `first` is
// the category of "new" in that sign's block of eight.
EmergingCategory classify_sign(std::span<const std::int8_t> bins, int sign, double trend_z, bool trend_significant,
                               EmergingCategory first) {
  auto of = [first](int k) { return static_cast<EmergingCategory>(static_cast<int>(first) + k); };
  auto is = [sign](std::int8_t b) { return sign > 0 ? b > 0 : b < 0; };
  auto is_other = [sign](std::int8_t b) { return sign > 0 ? b < 0 : b > 0; };
  const std::size_t T = bins.size();
  std::size_t count = 0, other = 0;
  for (const auto b : bins) {
    count += is(b);
    other += is_other(b);
  }
  const bool final_step = is(bins[T - 1]);
  // "at least 90 % of the time-step intervals", in integers.
  const bool ninety = 10 * count >= 9 * T;
  // Intensifying means clustering of this sign growing stronger: z rising for
  // hot spots, falling for cold.
  const bool towards = trend_significant && (sign > 0 ? trend_z > 0 : trend_z < 0);
  const bool away = trend_significant && (sign > 0 ? trend_z < 0 : trend_z > 0);
  if (final_step && count == 1) return of(0);  // new: never before
  if (final_step && !ninety) {
    std::size_t run = 0;
    for (std::size_t t = T; t-- > 0 && is(bins[t]);) ++run;
    if (run >= 2 && run == count) return of(1);  // consecutive: never before the final run
  }
  if (ninety && final_step && towards) return of(2);     // intensifying
  if (ninety && !trend_significant) return of(3);        // persistent
  if (ninety && final_step && away) return of(4);        // diminishing
  if (final_step && !ninety && other == 0) return of(5);  // sporadic: never the other sign
  if (final_step && !ninety) return of(6);               // oscillating: the other sign at an earlier step
  if (!final_step && ninety) return of(7);               // historical
  return EmergingCategory::none;
}

}  // namespace

EmergingCategory classify_emerging(std::span<const std::int8_t> bins, double trend_z, double trend_p,
                                   double alpha) noexcept {
  if (bins.empty()) return EmergingCategory::none;
  const bool significant = std::isfinite(trend_p) && trend_p < alpha;
  const auto hot = classify_sign(bins, +1, trend_z, significant, EmergingCategory::new_hot);
  if (hot != EmergingCategory::none) return hot;
  return classify_sign(bins, -1, trend_z, significant, EmergingCategory::new_cold);
}

EmergingResult emerging_hotspots(std::span<const double> values, std::size_t steps, const Neighbours& nb,
                                 const EmergingOptions& o) {
  if (steps == 0) throw std::invalid_argument("emerging hot spots: no time step");
  const std::size_t L = nb.size();
  if (values.size() != L * steps)
    throw std::invalid_argument("emerging hot spots: " + std::to_string(values.size()) + " values for " +
                                std::to_string(L) + " locations x " + std::to_string(steps) + " steps");
  if (!(o.trend_alpha > 0.0 && o.trend_alpha < 1.0))
    throw std::invalid_argument("emerging hot spots: the trend's alpha must lie between 0 and 1");
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!std::isfinite(values[k]))
      throw std::invalid_argument("emerging hot spots: value " + std::to_string(k) + " is not a finite number");
  const std::size_t T = steps;
  const std::size_t n = values.size();
  EmergingResult r;
  r.locations = L;
  r.steps = T;
  r.window = o.window;
  r.trend_alpha = o.trend_alpha;
  r.z.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.p.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.bin.assign(n, 0);
  r.trend.assign(L, {});
  r.category.assign(L, EmergingCategory::none);
  r.hot_steps.assign(L, 0);
  r.cold_steps.assign(L, 0);
  if (n == 0) return r;
  double sum = 0.0;
  for (const double v : values) sum += v;
  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (const double v : values) ss += (v - mean) * (v - mean);
  const double S = std::sqrt(ss / static_cast<double>(n));
  r.mean = mean;
  r.std_dev = S;
  const double dn = static_cast<double>(n);
  const bool spread = S > 1e-12 * std::max(1.0, std::abs(mean));
  std::vector<char> defined(n, 0);
  const int nt = detail::thread_count(o.threads);
#pragma omp parallel num_threads(nt)
  {
    std::vector<double> spatial(T);
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < L; ++i) {
      const auto js = nb.of(i);
      const double* xi = values.data() + i * T;
      for (std::size_t t = 0; t < T; ++t) spatial[t] = xi[t];
      for (const std::uint32_t j : js) {
        const double* xj = values.data() + static_cast<std::size_t>(j) * T;
        for (std::size_t t = 0; t < T; ++t) spatial[t] += xj[t];
      }
      const double per_step = 1.0 + static_cast<double>(js.size());
      for (std::size_t t = 0; t < T; ++t) {
        const std::size_t t0 = t >= o.window ? t - o.window : 0;
        double local = 0.0;
        for (std::size_t u = t0; u <= t; ++u) local += spatial[u];
        const double W = per_step * static_cast<double>(t - t0 + 1);
        const double var = (dn * W - W * W) / (dn - 1.0);
        if (W < 2.0 || !spread || !(var > 0.0)) continue;
        const std::size_t k = i * T + t;
        r.z[k] = (local - mean * W) / (S * std::sqrt(var));
        r.p[k] = std::erfc(std::abs(r.z[k]) / std::sqrt(2.0));
        defined[k] = 1;
      }
    }
  }
  r.fdr = o.fdr;
  r.p_threshold = gi_thresholds(r.p, defined, o.fdr);
#pragma omp parallel num_threads(nt)
  {
    std::vector<double> series, sorted;
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < L; ++i) {
      series.clear();
      for (std::size_t t = 0; t < T; ++t) {
        const std::size_t k = i * T + t;
        if (!defined[k]) continue;
        r.bin[k] = gi_bin(r.z[k], r.p[k], r.p_threshold);
        series.push_back(r.z[k]);
        r.hot_steps[i] += r.bin[k] > 0;
        r.cold_steps[i] += r.bin[k] < 0;
      }
      r.trend[i] = mann_kendall(series, sorted);
      r.category[i] = classify_emerging(std::span<const std::int8_t>(r.bin.data() + i * T, T), r.trend[i].z,
                                        r.trend[i].p, o.trend_alpha);
    }
  }
  return r;
}

std::vector<char> bins_next_to_small_counts(std::span<const double> persons, std::size_t steps, const Neighbours& nb,
                                            std::size_t window, double k) {
  const std::size_t L = nb.size();
  std::vector<char> out(L * steps, 0);
  if (k <= 1.0 || persons.size() != L * steps) return out;
  const double tol = 1e-9 * k;
  auto small = [&](std::size_t i, std::size_t t) {
    const double v = persons[i * steps + t];
    return v > tol && v < k - tol;
  };
  for (std::size_t i = 0; i < L; ++i)
    for (std::size_t t = 0; t < steps; ++t) {
      const std::size_t t0 = t >= window ? t - window : 0;
      bool hit = false;
      for (std::size_t u = t0; u <= t && !hit; ++u) {
        hit = small(i, u);
        for (const std::uint32_t j : nb.of(i))
          if (!hit) hit = small(j, u);
      }
      out[i * steps + t] = hit;
    }
  return out;
}

std::vector<char> any_step(std::span<const char> bins, std::size_t steps) {
  std::vector<char> out(steps ? bins.size() / steps : 0, 0);
  for (std::size_t k = 0; k < out.size() * steps; ++k) out[k / steps] |= bins[k];
  return out;
}

std::string_view to_string(TimeStep s) noexcept {
  switch (s) {
    case TimeStep::year: return "year";
    case TimeStep::quarter: return "quarter";
    case TimeStep::month: return "month";
  }
  return "year";
}

std::optional<TimeStep> parse_time_step(std::string_view s) noexcept {
  if (s == "year") return TimeStep::year;
  if (s == "quarter") return TimeStep::quarter;
  if (s == "month") return TimeStep::month;
  return std::nullopt;
}

namespace {

std::optional<int> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.front() == '-' || s.front() == '+') return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::int64_t> time_step_key(std::string_view v, TimeStep step) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  // A whole number written as a real ("2021.0") is a year too, as numeric fields come.
  if (v.size() > 4 && v.substr(4).find_first_not_of(".0") == std::string_view::npos && v[4] == '.') v = v.substr(0, 4);
  if (v.size() < 4) return std::nullopt;
  const auto year = digits(v.substr(0, 4));
  if (!year || *year < 1000) return std::nullopt;
  std::optional<int> month;
  if (v.size() > 4) {
    if (v[4] != '-' || v.size() < 7) return std::nullopt;
    month = digits(v.substr(5, 2));
    if (!month || *month < 1 || *month > 12) return std::nullopt;
    if (v.size() > 7) {
      // A day (and maybe a time): checked for form, not used.
      if (v[7] != '-' || v.size() < 10) return std::nullopt;
      const auto day = digits(v.substr(8, 2));
      if (!day || *day < 1 || *day > 31) return std::nullopt;
      if (v.size() > 10 && v[10] != 'T' && v[10] != ' ') return std::nullopt;
    }
  }
  switch (step) {
    case TimeStep::year: return *year;
    case TimeStep::quarter:
      if (!month) return std::nullopt;
      return static_cast<std::int64_t>(*year) * 4 + (*month - 1) / 3;
    case TimeStep::month:
      if (!month) return std::nullopt;
      return static_cast<std::int64_t>(*year) * 12 + (*month - 1);
  }
  return std::nullopt;
}

std::string time_step_label(std::int64_t key, TimeStep step) {
  switch (step) {
    case TimeStep::year: return std::to_string(key);
    case TimeStep::quarter: return std::to_string(key / 4) + "Q" + std::to_string(key % 4 + 1);
    case TimeStep::month: {
      const std::int64_t m = key % 12 + 1;
      return std::to_string(key / 12) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
    }
  }
  return std::to_string(key);
}

}  // namespace borderflow::hotspots
