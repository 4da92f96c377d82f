#include "engine/hotspots/dbscan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "engine/geometry/planar.hpp"
#include "engine/hotspots/detail/parallel.hpp"

namespace borderflow::hotspots {

namespace {

struct CellKey {
  std::int64_t x, y;
  friend bool operator==(const CellKey&, const CellKey&) = default;
};
struct CellKeyHash {
  std::size_t operator()(const CellKey& k) const noexcept {
    return std::hash<std::uint64_t>()(static_cast<std::uint64_t>(k.x) * 0x9E3779B97F4A7C15ULL ^
                                      static_cast<std::uint64_t>(k.y));
  }
};

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t a) {
    while (parent[a] != a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent[a] = b;  // the root is the lower id: deterministic
  }
};

}  // namespace

geometry::Ring convex_hull(std::vector<geometry::Coord> pts) {
  std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.empty()) return {};
  if (pts.size() < 3) {
    geometry::Ring r(pts.begin(), pts.end());
    r.push_back(pts.front());
    return r;
  }
  std::vector<geometry::Coord> h(2 * pts.size());
  std::size_t k = 0;
  for (const auto& p : pts) {
    while (k >= 2 && geometry::planar::orientation(h[k - 2], h[k - 1], p) <= 0) --k;
    h[k++] = p;
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && geometry::planar::orientation(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
    h[k++] = pts[i];
  }
  h.resize(k);  // closed: last == first
  if (h.size() < 4) {
    // All points collinear: the chain collapsed to the two ends.
    geometry::Ring r{pts.front(), pts.back(), pts.front()};
    return r;
  }
  return h;
}

DbscanResult dbscan(std::span<const geometry::Coord> xy, std::span<const double> weights, const DbscanOptions& o) {
  const std::size_t n = xy.size();
  if (!(o.eps_m > 0.0) || !std::isfinite(o.eps_m)) throw std::invalid_argument("DBSCAN: eps must be a positive number of metres");
  if (!(o.min_weight > 0.0) || !std::isfinite(o.min_weight))
    throw std::invalid_argument("DBSCAN: the minimum weight must be a positive number");
  if (!weights.empty() && weights.size() != n)
    throw std::invalid_argument("DBSCAN: " + std::to_string(weights.size()) + " weights for " + std::to_string(n) + " points");
  if (n >= std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("DBSCAN: too many points");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(xy[i].x) || !std::isfinite(xy[i].y))
      throw std::invalid_argument("DBSCAN: point " + std::to_string(i) + " is not finite");
    if (!weights.empty() && (!(weights[i] >= 0.0) || !std::isfinite(weights[i])))
      throw std::invalid_argument("DBSCAN: weight " + std::to_string(i) + " is negative or not finite");
  }
  auto w = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  DbscanResult r;
  r.label.assign(n, -1);
  r.core.assign(n, 0);
  if (n == 0) return r;

  // Cells of side eps/sqrt(2) (a hair smaller, so that rounding never puts
  // two points of one cell more than eps apart).
  const double side = o.eps_m / std::sqrt(2.0) * (1.0 - 1e-12);
  const double eps2 = o.eps_m * o.eps_m;
  geometry::Extent ext;
  for (const auto& p : xy) ext.expand(p);
  auto key_of = [&](const geometry::Coord& p) {
    return CellKey{static_cast<std::int64_t>(std::floor((p.x - ext.min_x) / side)),
                   static_cast<std::int64_t>(std::floor((p.y - ext.min_y) / side))};
  };
  // Points sorted by cell; cells as runs [begin, end) of `order`.
  std::vector<CellKey> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = key_of(xy[i]);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& ka = keys[a];
    const auto& kb = keys[b];
    if (ka.x != kb.x) return ka.x < kb.x;
    if (ka.y != kb.y) return ka.y < kb.y;
    return a < b;
  });
  std::vector<std::uint32_t> begin;  // per cell
  std::vector<CellKey> cell_key;
  std::vector<double> cell_weight;
  std::vector<std::uint32_t> cell_of_point(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    double cw = 0.0;
    const auto c = static_cast<std::uint32_t>(begin.size());
    while (j < n && keys[order[j]] == keys[order[i]]) {
      cw += w(order[j]);
      cell_of_point[order[j]] = c;
      ++j;
    }
    begin.push_back(static_cast<std::uint32_t>(i));
    cell_key.push_back(keys[order[i]]);
    cell_weight.push_back(cw);
    i = j;
  }
  const std::size_t cells = begin.size();
  begin.push_back(static_cast<std::uint32_t>(n));
  std::vector<CellKey>().swap(keys);
  std::unordered_map<CellKey, std::uint32_t, CellKeyHash> cell_index;
  cell_index.reserve(cells * 2);
  for (std::uint32_t c = 0; c < cells; ++c) cell_index.emplace(cell_key[c], c);

  // The cells that can hold points within eps: offsets up to 2 cells. (The
  // four corner cells are kept: their nearest points are sqrt(2) side apart, which the shrunken side leaves a hair under eps.)
  std::vector<std::pair<int, int>> stencil;
  for (int dx = -2; dx <= 2; ++dx)
    for (int dy = -2; dy <= 2; ++dy)
      if (!(dx == 0 && dy == 0)) stencil.emplace_back(dx, dy);
  auto neighbour_cells = [&](std::uint32_t c, std::vector<std::uint32_t>& out) {
    out.clear();
    for (const auto& [dx, dy] : stencil) {
      const auto it = cell_index.find(CellKey{cell_key[c].x + dx, cell_key[c].y + dy});
      if (it != cell_index.end()) out.push_back(it->second);
    }
  };

  const int nt = detail::thread_count(o.threads);
  // 1. Core points.
#pragma omp parallel num_threads(nt)
  {
    std::vector<std::uint32_t> around;
#pragma omp for schedule(dynamic, 64)
    for (std::size_t c = 0; c < cells; ++c) {
      if (cell_weight[c] >= o.min_weight) {
        for (std::uint32_t k = begin[c]; k < begin[c + 1]; ++k) r.core[order[k]] = 1;
        continue;
      }
      neighbour_cells(static_cast<std::uint32_t>(c), around);
      for (std::uint32_t k = begin[c]; k < begin[c + 1]; ++k) {
        const std::uint32_t p = order[k];
        double total = cell_weight[c];
        for (std::uint32_t d : around) {
          for (std::uint32_t m = begin[d]; m < begin[d + 1] && total < o.min_weight; ++m) {
            if (geometry::planar::distance_sq(xy[p], xy[order[m]]) <= eps2) total += w(order[m]);
          }
          if (total >= o.min_weight) break;
        }
        if (total >= o.min_weight) r.core[p] = 1;
      }
    }
  }
  // 2. Join core cells that hold core points within eps of each other.
  std::vector<char> core_cell(cells, 0);
  for (std::size_t c = 0; c < cells; ++c)
    for (std::uint32_t k = begin[c]; k < begin[c + 1] && !core_cell[c]; ++k) core_cell[c] = r.core[order[k]];
  UnionFind uf(cells);
  {
    std::vector<std::uint32_t> around;
    for (std::uint32_t c = 0; c < cells; ++c) {
      if (!core_cell[c]) continue;
      neighbour_cells(c, around);
      for (std::uint32_t d : around) {
        if (d < c || !core_cell[d] || uf.find(c) == uf.find(d)) continue;
        bool joined = false;
        for (std::uint32_t a = begin[c]; a < begin[c + 1] && !joined; ++a) {
          if (!r.core[order[a]]) continue;
          const auto& pa = xy[order[a]];
          for (std::uint32_t b = begin[d]; b < begin[d + 1]; ++b) {
            if (!r.core[order[b]]) continue;
            if (geometry::planar::distance_sq(pa, xy[order[b]]) <= eps2) {
              joined = true;
              break;
            }
          }
        }
        if (joined) uf.unite(c, d);
      }
    }
  }
  // 3. Labels: core points by their cell's root; others by the nearest core
  // point within eps. Roots are numbered provisionally here.
  std::vector<std::int32_t> root_label(cells, -1);
  std::int32_t provisional = 0;
  for (std::uint32_t c = 0; c < cells; ++c)
    if (core_cell[c] && root_label[uf.find(c)] < 0) root_label[uf.find(c)] = provisional++;
  // The cluster of each core cell, resolved once here: find() compresses
  // paths, so it must not run inside the parallel region below.
  std::vector<std::int32_t> cell_label(cells, -1);
  for (std::uint32_t c = 0; c < cells; ++c)
    if (core_cell[c]) cell_label[c] = root_label[uf.find(c)];
  for (std::size_t i = 0; i < n; ++i)
    if (r.core[i]) r.label[i] = cell_label[cell_of_point[i]];
#pragma omp parallel num_threads(nt)
  {
    std::vector<std::uint32_t> around;
#pragma omp for schedule(dynamic, 256)
    for (std::size_t i = 0; i < n; ++i) {
      if (r.core[i]) continue;
      const std::uint32_t c = cell_of_point[i];
      neighbour_cells(c, around);
      around.push_back(c);
      double best = std::numeric_limits<double>::infinity();
      std::uint32_t best_point = std::numeric_limits<std::uint32_t>::max();
      for (std::uint32_t d : around) {
        if (!core_cell[d]) continue;
        for (std::uint32_t m = begin[d]; m < begin[d + 1]; ++m) {
          const std::uint32_t q = order[m];
          if (!r.core[q]) continue;
          const double d2 = geometry::planar::distance_sq(xy[i], xy[q]);
          if (d2 <= eps2 && (d2 < best || (d2 == best && q < best_point))) {
            best = d2;
            best_point = q;
          }
        }
      }
      if (best_point != std::numeric_limits<std::uint32_t>::max()) r.label[i] = cell_label[cell_of_point[best_point]];
    }
  }
  // 4. Number the clusters by decreasing weight, then lowest point index.
  const auto k = static_cast<std::size_t>(provisional);
  std::vector<double> weight(k, 0.0);
  std::vector<std::size_t> first(k, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (r.label[i] < 0) continue;
    weight[r.label[i]] += w(i);
    first[r.label[i]] = std::min(first[r.label[i]], i);
  }
  std::vector<std::int32_t> rank(k);
  std::iota(rank.begin(), rank.end(), 0);
  std::sort(rank.begin(), rank.end(), [&](std::int32_t a, std::int32_t b) {
    return weight[a] != weight[b] ? weight[a] > weight[b] : first[a] < first[b];
  });
  std::vector<std::int32_t> relabel(k);
  for (std::size_t m = 0; m < k; ++m) relabel[rank[m]] = static_cast<std::int32_t>(m);
  r.clusters.resize(k);
  std::vector<std::vector<geometry::Coord>> members(k);
  for (std::size_t i = 0; i < n; ++i) {
    if (r.label[i] < 0) {
      ++r.noise;
      continue;
    }
    r.label[i] = relabel[r.label[i]];
    Cluster& cl = r.clusters[r.label[i]];
    ++cl.points;
    cl.core_points += r.core[i] ? 1 : 0;
    cl.weight += w(i);
    members[r.label[i]].push_back(xy[i]);
  }
  // Hulls; a cluster on a point or a line gets an octagon of radius eps/4
  // around each point so that it is drawn as an area.
  for (std::size_t m = 0; m < k; ++m) {
    geometry::Ring ring = convex_hull(members[m]);
    if (ring.size() < 4) {
      std::vector<geometry::Coord> grown;
      const double rad = o.eps_m / 4.0;
      for (const auto& p : members[m])
        for (int a = 0; a < 8; ++a) {
          const double ang = (a + 0.5) * 3.14159265358979323846 / 4.0;
          grown.push_back({p.x + rad * std::cos(ang), p.y + rad * std::sin(ang)});
        }
      ring = convex_hull(std::move(grown));
    }
    r.clusters[m].hull.shell = std::move(ring);
  }
  return r;
}

}  // namespace borderflow::hotspots
