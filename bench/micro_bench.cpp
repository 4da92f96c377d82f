// Google Benchmark micro-benchmarks of borderflow's inner loops, on seeded
// synthetic data (one thread unless a benchmark says otherwise):
//   segment index query   a 16-wide STR tree over 1M short segments of a
//                          random-walk boundary, 1 km boxes around random points
//   Brandes per source    Dijkstra + dependency accumulation from 64 nodes of a
//                          10k / 100k-node road-like grid (betweenness_from_sources)
//   Gi* stencil           distance-band neighbours + Gi* on a hex lattice
//   DBSCAN grid           weighted DBSCAN of clustered points
//   kernel density        quartic density of weighted points onto 1024^2
// Run: build/bench/micro_bench [--benchmark_filter=Brandes] (Release build).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/corridors/metrics.hpp"
#include "engine/geometry/segment_index.hpp"
#include "engine/hotspots/dbscan.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/kernel_density.hpp"
#include "engine/hotspots/spatial_weights.hpp"

namespace {

using namespace borderflow;
using geometry::Coord;

std::vector<geometry::Segment> walk_segments(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 50.0);
  std::vector<geometry::Segment> out;
  out.reserve(n);
  Coord p{0.0, 0.0};
  for (std::size_t i = 0; i < n; ++i) {
    const Coord q{p.x + step(rng) + 20.0, p.y + step(rng)};  // drifts east, ~50 km per 1000 segments
    out.push_back({p, q, static_cast<std::uint32_t>(i % 7)});
    p = q;
  }
  return out;
}

void SegmentIndexQuery(benchmark::State& state) {
  const auto segments = walk_segments(static_cast<std::size_t>(state.range(0)), 1);
  const geometry::SegmentIndex index(segments);
  double min_x = segments.front().a.x, max_x = min_x, min_y = segments.front().a.y, max_y = min_y;
  for (const auto& s : segments) {
    min_x = std::min(min_x, s.b.x), max_x = std::max(max_x, s.b.x);
    min_y = std::min(min_y, s.b.y), max_y = std::max(max_y, s.b.y);
  }
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<std::size_t> pick(0, segments.size() - 1);
  std::size_t hits = 0;
  for (auto _ : state) {
    const Coord c = segments[pick(rng)].a;  // boxes on the line, where queries are made
    index.query(c.x - 500.0, c.y - 500.0, c.x + 500.0, c.y + 500.0, [&](const geometry::Segment&) { ++hits; });
  }
  benchmark::DoNotOptimize(hits);
  state.counters["hits/query"] = benchmark::Counter(static_cast<double>(hits) / static_cast<double>(state.iterations()));
}
BENCHMARK(SegmentIndexQuery)->Arg(1 << 20);

routes::RouteGraph road_graph(std::size_t side, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> len(100.0, 5000.0), u(0.0, 1.0);
  std::vector<routes::GraphEdge> edges;
  auto id = [&](std::size_t r, std::size_t c) { return static_cast<std::uint32_t>(r * side + c); };
  for (std::size_t r = 0; r < side; ++r)
    for (std::size_t c = 0; c < side; ++c)
      for (const auto& [dr, dc] : {std::pair{0, 1}, std::pair{1, 0}}) {
        const std::size_t rr = r + dr, cc = c + dc;
        if (rr >= side || cc >= side || u(rng) < 0.15) continue;
        const double l = len(rng);
        routes::GraphEdge e;
        e.from = id(r, c), e.to = id(rr, cc), e.length_m = l;
        edges.push_back(e);
        std::swap(e.from, e.to);
        e.length_m = l * (0.9 + 0.2 * u(rng));
        edges.push_back(e);
      }
  return routes::RouteGraph::from_parts(std::vector<routes::GraphNode>(side * side), std::move(edges));
}

void BrandesPerSource(benchmark::State& state) {
  // 64 sources per iteration, so that the per-call setup (CSR, accumulators)
  // is spread as in a full sweep; items/s is sources per second.
  const std::size_t side = static_cast<std::size_t>(state.range(0));
  const routes::RouteGraph g = road_graph(side, 3);
  const std::uint32_t n = static_cast<std::uint32_t>(side * side);
  std::vector<std::uint32_t> sources(64);
  std::uint32_t s = 0;
  for (auto _ : state) {
    for (auto& x : sources) x = s = (s + 7919) % n;
    auto bc = corridors::betweenness_from_sources(g, sources, 1);
    benchmark::DoNotOptimize(bc.node.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sources.size()));
  state.counters["nodes"] = static_cast<double>(n);
}
BENCHMARK(BrandesPerSource)->Arg(100)->Arg(316)->Unit(benchmark::kMillisecond);

std::vector<Coord> hex_lattice(std::size_t n) {
  const std::size_t side = static_cast<std::size_t>(std::sqrt(static_cast<double>(n)));
  std::vector<Coord> xy;
  xy.reserve(side * side);
  for (std::size_t r = 0; r < side; ++r)
    for (std::size_t c = 0; c < side; ++c)
      xy.push_back({1000.0 * (static_cast<double>(c) + 0.5 * static_cast<double>(r % 2)),
                    1000.0 * std::sqrt(3.0) / 2.0 * static_cast<double>(r)});
  return xy;
}

void GiStarStencil(benchmark::State& state) {
  const auto xy = hex_lattice(static_cast<std::size_t>(state.range(0)));
  std::mt19937_64 rng(4);
  std::poisson_distribution<int> count(0.6);
  std::vector<double> v(xy.size());
  for (auto& x : v) x = count(rng);
  hotspots::GiStarOptions o;
  o.band_m = 1000.0;
  o.threads = 1;
  for (auto _ : state) {
    auto r = hotspots::gi_star(v, xy, o);
    benchmark::DoNotOptimize(r.z.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(xy.size()));
}
BENCHMARK(GiStarStencil)->Arg(100000)->Unit(benchmark::kMillisecond);

std::vector<Coord> clustered_points(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 400000.0);
  std::normal_distribution<double> blob(0.0, 1500.0);
  std::vector<Coord> centres(300);
  for (auto& c : centres) c = {u(rng), u(rng)};
  std::vector<Coord> xy(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 < 3) {
      const Coord& c = centres[i % centres.size()];
      xy[i] = {c.x + blob(rng), c.y + blob(rng)};
    } else {
      xy[i] = {u(rng), u(rng)};
    }
  }
  return xy;
}

void DbscanGrid(benchmark::State& state) {
  const auto xy = clustered_points(static_cast<std::size_t>(state.range(0)), 5);
  hotspots::DbscanOptions o;
  o.eps_m = 1000.0;
  o.min_weight = 10.0;
  o.threads = 1;
  for (auto _ : state) {
    auto r = hotspots::dbscan(xy, {}, o);
    benchmark::DoNotOptimize(r.label.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(xy.size()));
}
BENCHMARK(DbscanGrid)->Arg(100000)->Unit(benchmark::kMillisecond);

void KernelDensity(benchmark::State& state) {
  const auto xy = clustered_points(static_cast<std::size_t>(state.range(0)), 6);
  const std::vector<double> w(xy.size(), 1.0);
  hotspots::KernelDensityOptions o;
  o.bandwidth_m = 5000.0;
  o.extent = {0.0, 0.0, 400000.0, 400000.0};
  o.pixel_m = 400000.0 / 1024.0;
  o.threads = 1;
  for (auto _ : state) {
    auto r = hotspots::kernel_density(xy, w, o);
    benchmark::DoNotOptimize(r.per_km2.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(xy.size()));
}
BENCHMARK(KernelDensity)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
