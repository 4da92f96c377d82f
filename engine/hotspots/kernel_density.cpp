#include "engine/hotspots/kernel_density.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "engine/core/text.hpp"
#include "engine/hotspots/detail/parallel.hpp"

namespace borderflow::hotspots {

namespace {
constexpr double kPi = 3.14159265358979323846;

// Adds every point's kernel to the pixels whose centres lie within h of it.
// Each thread fills whole rows, so no two threads write the same pixel and
// the sums are added in the same order whatever the thread count
// (deterministic output). `shape(d2)` is the kernel without its constant
// `norm` (which includes the per km^2 scale), for squared distance d2 < h^2.
template <typename Shape>
void fill_rows(DensityRaster& r, std::span<const geometry::Coord> xy, std::span<const double> weights,
               const std::vector<std::uint32_t>& by_y, const std::vector<double>& ys, double h, int nt, double norm,
               Shape shape) {
  const double h2 = h * h;
  const double px = r.pixel_m;
  const auto height = static_cast<std::ptrdiff_t>(r.height);
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt)
  for (std::ptrdiff_t row = 0; row < height; ++row) {
    const double cy = r.extent.max_y - (static_cast<double>(row) + 0.5) * px;
    double* out = r.per_km2.data() + static_cast<std::size_t>(row) * r.width;
    const auto lo = std::lower_bound(ys.begin(), ys.end(), cy - h) - ys.begin();
    const auto hi = std::upper_bound(ys.begin(), ys.end(), cy + h) - ys.begin();
    for (auto k = lo; k < hi; ++k) {
      const std::uint32_t i = by_y[static_cast<std::size_t>(k)];
      const double dy = cy - xy[i].y;
      const double rest = h2 - dy * dy;
      if (!(rest > 0.0)) continue;
      const double half = std::sqrt(rest);
      const double fc0 = std::ceil((xy[i].x - half - r.extent.min_x) / px - 0.5);
      const double fc1 = std::floor((xy[i].x + half - r.extent.min_x) / px - 0.5);
      const auto c0 = static_cast<std::ptrdiff_t>(std::max(0.0, fc0));
      const auto c1 = static_cast<std::ptrdiff_t>(std::min(static_cast<double>(r.width) - 1.0, fc1));
      const double wi = (weights.empty() ? 1.0 : weights[i]) * norm;
      const double dy2 = dy * dy;
      const double x0 = r.extent.min_x + 0.5 * px - xy[i].x;
      for (auto c = c0; c <= c1; ++c) {
        const double dx = x0 + static_cast<double>(c) * px;
        const double d2 = dx * dx + dy2;
        if (d2 < h2) out[c] += wi * shape(d2);
      }
    }
  }
}
}

std::string_view to_string(Kernel k) noexcept {
  switch (k) {
    case Kernel::quartic: return "quartic";
    case Kernel::triweight: return "triweight";
    case Kernel::epanechnikov: return "epanechnikov";
    case Kernel::triangular: return "triangular";
    case Kernel::uniform: return "uniform";
  }
  return "quartic";
}

std::optional<Kernel> parse_kernel(std::string_view name) {
  for (Kernel k : {Kernel::quartic, Kernel::triweight, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform})
    if (text::match_key(name) == text::match_key(to_string(k))) return k;
  if (text::match_key(name) == "biweight") return Kernel::quartic;
  return std::nullopt;
}

double kernel_value(Kernel k, double d, double h) noexcept {
  if (!(d < h)) return 0.0;
  const double u = d / h;
  const double a = kPi * h * h;
  switch (k) {
    case Kernel::quartic: {
      const double t = 1.0 - u * u;
      return 3.0 / a * t * t;
    }
    case Kernel::triweight: {
      const double t = 1.0 - u * u;
      return 4.0 / a * t * t * t;
    }
    case Kernel::epanechnikov: return 2.0 / a * (1.0 - u * u);
    case Kernel::triangular: return 3.0 / a * (1.0 - u);
    case Kernel::uniform: return 1.0 / a;
  }
  return 0.0;
}

double round_nice(double x) noexcept {
  if (!(x > 0.0) || !std::isfinite(x)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  const double m = x / p;
  const double nice = m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0;
  return nice * p;
}

double bandwidth_rule(std::span<const geometry::Coord> xy, std::span<const double> weights) {
  const std::size_t n = xy.size();
  auto w = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  double tw = 0.0, mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    tw += w(i);
    mx += w(i) * xy[i].x;
    my += w(i) * xy[i].y;
  }
  if (!(tw > 0.0)) return 0.0;
  mx /= tw;
  my /= tw;
  double sx = 0.0, sy = 0.0;
  std::vector<std::pair<double, double>> dist(n);  // (distance, weight)
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = xy[i].x - mx, dy = xy[i].y - my;
    sx += w(i) * dx * dx;
    sy += w(i) * dy * dy;
    dist[i] = {std::hypot(dx, dy), w(i)};
  }
  const double sd = std::sqrt((sx + sy) / tw);
  std::sort(dist.begin(), dist.end());
  double acc = 0.0, dm = 0.0;
  for (const auto& [d, wi] : dist) {
    acc += wi;
    if (acc >= tw / 2.0) {
      dm = d;
      break;
    }
  }
  const double spread = std::min(sd, std::sqrt(1.0 / std::log(2.0)) * dm);
  return 0.9 * spread * std::pow(tw, -0.2);
}

DensityRaster kernel_density(std::span<const geometry::Coord> xy, std::span<const double> weights,
                             const KernelDensityOptions& o) {
  const std::size_t n = xy.size();
  if (!weights.empty() && weights.size() != n)
    throw std::invalid_argument("kernel density: " + std::to_string(weights.size()) + " weights for " +
                                std::to_string(n) + " points");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(xy[i].x) || !std::isfinite(xy[i].y))
      throw std::invalid_argument("kernel density: point " + std::to_string(i) + " is not finite");
    if (!weights.empty() && (!(weights[i] >= 0.0) || !std::isfinite(weights[i])))
      throw std::invalid_argument("kernel density: weight " + std::to_string(i) + " is negative or not finite");
  }
  if (o.bandwidth_m < 0.0 || !std::isfinite(o.bandwidth_m))
    throw std::invalid_argument("kernel density: the bandwidth must be a positive number of metres (0 = by rule)");
  if (o.pixel_m < 0.0 || !std::isfinite(o.pixel_m))
    throw std::invalid_argument("kernel density: the pixel size must be a positive number of metres (0 = automatic)");
  DensityRaster r;
  r.kernel = o.kernel;
  r.bandwidth_m = o.bandwidth_m;
  if (r.bandwidth_m == 0.0) {
    r.bandwidth_automatic = true;
    r.bandwidth_m = bandwidth_rule(xy, weights);
    if (!(r.bandwidth_m > 0.0))
      throw std::invalid_argument("kernel density: the points do not spread, so no bandwidth follows from the rule; give one");
  }
  const double h = r.bandwidth_m;
  geometry::Extent e = o.extent;
  if (!e.empty() && (!std::isfinite(e.min_x) || !std::isfinite(e.min_y) || !std::isfinite(e.max_x) ||
                     !std::isfinite(e.max_y) || !(e.min_x < e.max_x) || !(e.min_y < e.max_y)))
    throw std::invalid_argument("kernel density: the extent must be finite with min < max");
  if (e.empty()) {
    if (n == 0) throw std::invalid_argument("kernel density: no points and no extent");
    for (const auto& p : xy) e.expand(p);
    e.min_x -= h;
    e.min_y -= h;
    e.max_x += h;
    e.max_y += h;
  }
  double px = o.pixel_m;
  if (px == 0.0) {
    r.pixel_automatic = true;
    px = round_nice(std::max(e.max_x - e.min_x, e.max_y - e.min_y) / 1000.0);
  }
  const double wd = std::ceil((e.max_x - e.min_x) / px - 1e-9);
  const double ht = std::ceil((e.max_y - e.min_y) / px - 1e-9);
  if (wd * ht > static_cast<double>(o.max_pixels))
    throw std::invalid_argument("kernel density: a raster of " + std::to_string(static_cast<long long>(wd)) + " x " +
                                std::to_string(static_cast<long long>(ht)) +
                                " pixels is too large; give a larger pixel size");
  r.width = std::max<std::size_t>(1, static_cast<std::size_t>(wd));
  r.height = std::max<std::size_t>(1, static_cast<std::size_t>(ht));
  r.pixel_m = px;
  r.extent = {e.min_x, e.max_y - static_cast<double>(r.height) * px, e.min_x + static_cast<double>(r.width) * px, e.max_y};
  r.per_km2.assign(r.width * r.height, 0.0);
  auto w = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  for (std::size_t i = 0; i < n; ++i) r.total_weight += w(i);

  // Points sorted by y, so that each row finds its points by binary search.
  std::vector<std::uint32_t> by_y(n);
  std::iota(by_y.begin(), by_y.end(), 0u);
  std::sort(by_y.begin(), by_y.end(), [&](std::uint32_t a, std::uint32_t b) {
    return xy[a].y != xy[b].y ? xy[a].y < xy[b].y : a < b;
  });
  std::vector<double> ys(n);
  for (std::size_t k = 0; k < n; ++k) ys[k] = xy[by_y[k]].y;
  const double h2 = h * h;
  const double scale = 1e6;  // per m^2 -> per km^2
  const int nt = detail::thread_count(o.threads);
  // The kernel as a function of the squared distance, normalised outside the
  // inner loop (kernel_value() is the reference form).
  switch (o.kernel) {
    case Kernel::quartic:
      fill_rows(r, xy, weights, by_y, ys, h, nt, 3.0 / (kPi * h2) * scale, [h2](double d2) {
        const double t = 1.0 - d2 / h2;
        return t * t;
      });
      break;
    case Kernel::triweight:
      fill_rows(r, xy, weights, by_y, ys, h, nt, 4.0 / (kPi * h2) * scale, [h2](double d2) {
        const double t = 1.0 - d2 / h2;
        return t * t * t;
      });
      break;
    case Kernel::epanechnikov:
      fill_rows(r, xy, weights, by_y, ys, h, nt, 2.0 / (kPi * h2) * scale, [h2](double d2) { return 1.0 - d2 / h2; });
      break;
    case Kernel::triangular:
      fill_rows(r, xy, weights, by_y, ys, h, nt, 3.0 / (kPi * h2) * scale, [h](double d2) { return 1.0 - std::sqrt(d2) / h; });
      break;
    case Kernel::uniform:
      fill_rows(r, xy, weights, by_y, ys, h, nt, 1.0 / (kPi * h2) * scale, [](double) { return 1.0; });
      break;
  }
  return r;
}

}  // namespace borderflow::hotspots
