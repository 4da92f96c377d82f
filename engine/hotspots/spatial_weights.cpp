#include "engine/hotspots/spatial_weights.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "engine/hotspots/detail/parallel.hpp"

namespace borderflow::hotspots {

namespace {

// Locations bucketed into square cells of side `cell`. When the grid over
// the locations' extent has at most a few cells per location, the buckets are
// a dense array of runs (a counting sort); otherwise a sorted key array and a
// hash map from key to run, so that memory stays proportional to the
// locations however sparse they are. Within a cell, locations are in index order.
class Buckets {
 public:
  Buckets(std::span<const geometry::Coord> xy, double cell) : xy_(xy), cell_(cell) {
    for (const auto& p : xy) ext_.expand(p);
    nx_ = static_cast<std::int64_t>(std::floor((ext_.max_x - ext_.min_x) / cell_)) + 1;
    ny_ = static_cast<std::int64_t>(std::floor((ext_.max_y - ext_.min_y) / cell_)) + 1;
    order_.resize(xy.size());
    const double cells = static_cast<double>(nx_) * static_cast<double>(ny_);
    if (cells <= 4.0 * static_cast<double>(xy.size()) + 64.0 && cells < 4.0e9) {
      dense_ = true;
      start_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
      std::vector<std::uint32_t> cell_of_point(xy.size());
      for (std::size_t i = 0; i < xy.size(); ++i) {
        const auto [ix, iy] = cell_of(xy[i]);
        cell_of_point[i] = static_cast<std::uint32_t>(iy * nx_ + ix);
        ++start_[cell_of_point[i] + 1];
      }
      for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
      std::vector<std::uint32_t> fill(start_.begin(), start_.end() - 1);
      for (std::size_t i = 0; i < xy.size(); ++i) order_[fill[cell_of_point[i]]++] = static_cast<std::uint32_t>(i);
      return;
    }
    std::vector<std::uint64_t> keys(xy.size());
    for (std::size_t i = 0; i < xy.size(); ++i) {
      order_[i] = static_cast<std::uint32_t>(i);
      const auto [ix, iy] = cell_of(xy[i]);
      keys[i] = key(ix, iy);
    }
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return keys[a] != keys[b] ? keys[a] < keys[b] : a < b;
    });
    runs_.reserve(xy.size() / 2 + 1);
    for (std::size_t i = 0; i < order_.size();) {
      std::size_t j = i + 1;
      while (j < order_.size() && keys[order_[j]] == keys[order_[i]]) ++j;
      runs_.emplace(keys[order_[i]], std::pair<std::uint32_t, std::uint32_t>(std::uint32_t(i), std::uint32_t(j)));
      i = j;
    }
  }

  std::pair<std::int64_t, std::int64_t> cell_of(geometry::Coord p) const noexcept {
    return {static_cast<std::int64_t>(std::floor((p.x - ext_.min_x) / cell_)),
            static_cast<std::int64_t>(std::floor((p.y - ext_.min_y) / cell_))};
  }

  // Calls f(location index) for the locations in cell (ix, iy).
  template <typename F>
  void visit(std::int64_t ix, std::int64_t iy, F&& f) const {
    if (ix < 0 || iy < 0 || ix >= nx_ || iy >= ny_) return;
    if (dense_) {
      const auto c = static_cast<std::size_t>(iy * nx_ + ix);
      for (std::uint32_t k = start_[c]; k < start_[c + 1]; ++k) f(order_[k]);
      return;
    }
    const auto it = runs_.find(key(ix, iy));
    if (it == runs_.end()) return;
    for (std::uint32_t k = it->second.first; k < it->second.second; ++k) f(order_[k]);
  }

  double cell() const noexcept { return cell_; }
  std::int64_t nx() const noexcept { return nx_; }
  std::int64_t ny() const noexcept { return ny_; }

 private:
  static std::uint64_t key(std::int64_t ix, std::int64_t iy) noexcept {
    return (static_cast<std::uint64_t>(ix) << 32) ^ static_cast<std::uint64_t>(iy);
  }
  std::span<const geometry::Coord> xy_;
  double cell_;
  geometry::Extent ext_;
  std::vector<std::uint32_t> order_;
  bool dense_ = false;
  std::vector<std::uint32_t> start_;  // dense: runs of order_ per cell (iy * nx + ix)
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> runs_;
  std::int64_t nx_ = 0, ny_ = 0;
};

void check_size(std::size_t n) {
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("too many locations for spatial weights (at most 4294967294)");
}

double dist2(geometry::Coord a, geometry::Coord b) noexcept {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return dx * dx + dy * dy;
}

// A cell side for ring searches: about two locations per cell for spread
// locations, and no more than sqrt(n) cells across for locations on a line
// (a degenerate extent), so that a ring search never walks millions of
// empty cells.
double spacing_cell(std::span<const geometry::Coord> xy) {
  geometry::Extent e;
  for (const auto& p : xy) e.expand(p);
  const double n = static_cast<double>(std::max<std::size_t>(xy.size(), 1));
  const double w = e.max_x - e.min_x, h = e.max_y - e.min_y;
  const double span = std::max(w, h);
  const double c = std::max(std::sqrt(2.0 * w * h / n), span / std::sqrt(n));
  return c > 0.0 && std::isfinite(c) ? c : 1.0;
}

}  // namespace

Neighbours distance_band(std::span<const geometry::Coord> xy, double band_m, int threads) {
  check_size(xy.size());
  if (!(band_m > 0.0) || !std::isfinite(band_m)) throw std::invalid_argument("distance band must be a positive number of metres");
  const std::size_t n = xy.size();
  Neighbours nb;
  nb.offsets.assign(n + 1, 0);
  if (n == 0) return nb;
  const double limit = band_m * (1.0 + 1e-9);
  const double limit2 = limit * limit;
  const Buckets buckets(xy, limit);
  // Two passes (count, then fill) keep memory to the final lists.
  std::vector<std::uint32_t> counts(n, 0);
  const int nt = detail::thread_count(threads);
#pragma omp parallel for schedule(dynamic, 1024) num_threads(nt)
  for (std::size_t i = 0; i < n; ++i) {
    const auto [cx, cy] = buckets.cell_of(xy[i]);
    std::uint32_t c = 0;
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx)
        buckets.visit(cx + dx, cy + dy, [&](std::uint32_t j) {
          if (j != i && dist2(xy[i], xy[j]) <= limit2) ++c;
        });
    counts[i] = c;
  }
  for (std::size_t i = 0; i < n; ++i) nb.offsets[i + 1] = nb.offsets[i] + counts[i];
  nb.index.resize(nb.offsets.back());
#pragma omp parallel for schedule(dynamic, 1024) num_threads(nt)
  for (std::size_t i = 0; i < n; ++i) {
    const auto [cx, cy] = buckets.cell_of(xy[i]);
    std::uint32_t* out = nb.index.data() + nb.offsets[i];
    std::uint32_t* p = out;
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx)
        buckets.visit(cx + dx, cy + dy, [&](std::uint32_t j) {
          if (j != i && dist2(xy[i], xy[j]) <= limit2) *p++ = j;
        });
    std::sort(out, p);
  }
  return nb;
}

namespace {

// The k nearest other locations of location i (distance, index), nearest
// first, by rings of cells around i's cell.
void nearest_k(const Buckets& b, std::span<const geometry::Coord> xy, std::size_t i, std::size_t k,
               std::vector<std::pair<double, std::uint32_t>>& best) {
  best.clear();
  if (k == 0) return;
  const auto [cx, cy] = b.cell_of(xy[i]);
  const auto worse = [](const std::pair<double, std::uint32_t>& a, const std::pair<double, std::uint32_t>& c) {
    return a < c;  // max-heap on (distance, index): the top is the worst kept
  };
  const std::int64_t max_ring = std::max(b.nx(), b.ny());
  for (std::int64_t r = 0; r <= max_ring; ++r) {
    auto take = [&](std::uint32_t j) {
      if (j == i) return;
      const std::pair<double, std::uint32_t> cand{dist2(xy[i], xy[j]), j};
      if (best.size() < k) {
        best.push_back(cand);
        std::push_heap(best.begin(), best.end(), worse);
      } else if (cand < best.front()) {
        std::pop_heap(best.begin(), best.end(), worse);
        best.back() = cand;
        std::push_heap(best.begin(), best.end(), worse);
      }
    };
    if (r == 0) {
      b.visit(cx, cy, take);
    } else {
      for (std::int64_t dx = -r; dx <= r; ++dx) {
        b.visit(cx + dx, cy - r, take);
        b.visit(cx + dx, cy + r, take);
      }
      for (std::int64_t dy = -r + 1; dy <= r - 1; ++dy) {
        b.visit(cx - r, cy + dy, take);
        b.visit(cx + r, cy + dy, take);
      }
    }
    // Every location in ring r+1 or beyond is at least r cells away.
    if (best.size() == k) {
      const double reach = static_cast<double>(r) * b.cell();
      if (best.front().first <= reach * reach) break;
    }
  }
  std::sort_heap(best.begin(), best.end(), worse);
}

}  // namespace

Neighbours k_nearest(std::span<const geometry::Coord> xy, std::size_t k, int threads) {
  check_size(xy.size());
  const std::size_t n = xy.size();
  if (n == 0) return {};
  const Buckets buckets(xy, spacing_cell(xy) * std::sqrt(static_cast<double>(std::max<std::size_t>(k, 1)) / 2.0));
  const std::size_t kk = std::min(k, n - 1);
  Neighbours nb;
  nb.offsets.resize(n + 1);
  for (std::size_t i = 0; i <= n; ++i) nb.offsets[i] = i * kk;
  nb.index.resize(n * kk);
  const int nt = detail::thread_count(threads);
#pragma omp parallel num_threads(nt)
  {
    std::vector<std::pair<double, std::uint32_t>> best;
#pragma omp for schedule(dynamic, 1024)
    for (std::size_t i = 0; i < n; ++i) {
      nearest_k(buckets, xy, i, kk, best);
      std::uint32_t* out = nb.index.data() + i * kk;
      for (std::size_t m = 0; m < kk; ++m) out[m] = best[m].second;
      std::sort(out, out + kk);
    }
  }
  return nb;
}

double min_band_with_a_neighbour(std::span<const geometry::Coord> xy, int threads) {
  check_size(xy.size());
  if (xy.size() < 2) return 0.0;
  const Buckets buckets(xy, spacing_cell(xy));
  double worst = 0.0;
  const int nt = detail::thread_count(threads);
#pragma omp parallel num_threads(nt)
  {
    std::vector<std::pair<double, std::uint32_t>> best;
    double local = 0.0;
#pragma omp for schedule(dynamic, 1024) nowait
    for (std::size_t i = 0; i < xy.size(); ++i) {
      nearest_k(buckets, xy, i, 1, best);
      local = std::max(local, best.front().first);
    }
#pragma omp critical
    worst = std::max(worst, local);
  }
  return std::sqrt(worst);
}

}  // namespace borderflow::hotspots
