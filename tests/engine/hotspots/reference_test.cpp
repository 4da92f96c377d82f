// Gi*, spatial weights, DBSCAN and kernel density against libpysal + numpy,
// scikit-learn and a direct sum (reference/make_reference.py wrote
// reference/reference.json; see its docstring for the formulas).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/geometry/hex_grid.hpp"
#include "engine/hotspots/dbscan.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/kernel_density.hpp"

using namespace borderflow;
using namespace borderflow::hotspots;

namespace {

const nlohmann::json& ref() {
  static const nlohmann::json j = [] {
    std::ifstream in(std::string(BORDERFLOW_TEST_SOURCE_DIR) + "/engine/hotspots/reference/reference.json");
    return nlohmann::json::parse(in);
  }();
  return j;
}

std::vector<geometry::Coord> coords(const nlohmann::json& a) {
  std::vector<geometry::Coord> out;
  for (const auto& p : a) out.push_back({p[0].get<double>(), p[1].get<double>()});
  return out;
}

void expect_z(const GiStarResult& r, const nlohmann::json& z, const nlohmann::json& p) {
  ASSERT_EQ(r.z.size(), z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    EXPECT_NEAR(r.z[i], z[i].get<double>(), 1e-9 * std::max(1.0, std::abs(z[i].get<double>()))) << i;
    EXPECT_NEAR(r.p[i], p[i].get<double>(), 1e-9) << i;
  }
}

}  // namespace

TEST(HotspotReference, GiStarOnAHexGridMatchesLibpysal) {
  const auto& g = ref()["gi_grid"];
  // Our grid puts the same cells at the same centres.
  const double s = g["cell_size_m"].get<double>();
  const auto xy = coords(g["coords"]);
  const std::vector<double> v = g["values"].get<std::vector<double>>();
  GiStarOptions o;  // automatic band
  o.fdr = false;
  const GiStarResult r = gi_star(v, xy, o);
  EXPECT_NEAR(r.band_m, g["min_band_m"].get<double>(), 1e-6);
  EXPECT_NEAR(r.band_m, s, 1e-6);
  expect_z(r, g["z"], g["p"]);
  EXPECT_EQ(r.n_neighbors, g["n_neighbors"].get<std::vector<std::uint32_t>>());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(r.bin[i], g["bins"][i].get<int>()) << i;
  o.fdr = true;
  const GiStarResult f = gi_star(v, xy, o);
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(f.bin[i], g["bins_fdr"][i].get<int>()) << i;
}

TEST(HotspotReference, HexGridCentresAreTheReferenceLayout) {
  const auto& g = ref()["gi_grid"];
  const double s = g["cell_size_m"].get<double>();
  const double x0 = g["x0"].get<double>(), y0 = g["y0"].get<double>();
  // Our grid over the reference's extent: its centres are on the same lattice.
  const geometry::HexGrid grid(geometry::Extent{x0, y0, x0 + 25 * s, y0 + 20 * s}, s);
  const auto xy = coords(g["coords"]);
  for (std::size_t i = 0; i < xy.size(); ++i) {
    const auto c = grid.cell_of(xy[i]);
    ASSERT_TRUE(c.has_value());
    const auto m = grid.center(*c);
    EXPECT_NEAR(m.x, xy[i].x, 1e-6);
    EXPECT_NEAR(m.y, xy[i].y, 1e-6);
    // Reference cell (row, col) is ours (row + 2, col + 1).
    EXPECT_EQ(c->row, g["cells"][i][0].get<int>() + 2);
    EXPECT_EQ(c->col, g["cells"][i][1].get<int>() + 1);
  }
}

TEST(HotspotReference, GiStarOnPointsMatchesLibpysalBandAndKnn) {
  const auto& g = ref()["gi_points"];
  const auto xy = coords(g["coords"]);
  const std::vector<double> v = g["values"].get<std::vector<double>>();
  GiStarOptions o;
  o.band_m = g["band_m"].get<double>();
  const GiStarResult r = gi_star(v, xy, o);
  expect_z(r, g["z"], g["p"]);
  EXPECT_EQ(r.n_neighbors, g["n_neighbors"].get<std::vector<std::uint32_t>>());
  o.weights = GiWeights::k_nearest;
  o.k = g["k"].get<std::size_t>();
  const GiStarResult k = gi_star(v, xy, o);
  expect_z(k, g["z_knn"], g["p_knn"]);
  const Neighbours nb = k_nearest(xy, o.k);
  for (std::size_t i = 0; i < xy.size(); ++i)
    EXPECT_EQ(std::vector<std::uint32_t>(nb.of(i).begin(), nb.of(i).end()),
              g["neighbors_knn"][i].get<std::vector<std::uint32_t>>())
        << i;
}

namespace {
// Core points equal, and the partition of the core points into clusters equal
// up to the numbering.
void expect_same_core_partition(const DbscanResult& r, const nlohmann::json& c) {
  const auto core = c["core"].get<std::vector<std::size_t>>();
  const auto labels = c["labels"].get<std::vector<int>>();
  std::vector<std::size_t> ours;
  for (std::size_t i = 0; i < r.core.size(); ++i)
    if (r.core[i]) ours.push_back(i);
  EXPECT_EQ(ours, core);
  std::map<int, int> to_theirs, to_ours;
  for (std::size_t i : core) {
    const int a = r.label[i], b = labels[i];
    ASSERT_GE(a, 0);
    auto [it, fresh] = to_theirs.emplace(a, b);
    EXPECT_EQ(it->second, b) << "point " << i;
    auto [jt, fresh2] = to_ours.emplace(b, a);
    EXPECT_EQ(jt->second, a) << "point " << i;
  }
  // Noise is noise in both; a border point is in some cluster in both.
  for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(r.label[i] < 0, labels[i] < 0) << i;
}
}  // namespace

TEST(HotspotReference, DbscanCorePointsMatchScikitLearn) {
  const auto& c = ref()["dbscan"];
  DbscanOptions o;
  o.eps_m = c["eps_m"].get<double>();
  o.min_weight = c["min_samples"].get<double>();
  expect_same_core_partition(dbscan(coords(c["points"]), {}, o), c);
}

// Regression: the union-find was compressed inside the parallel labelling
// (a data race); labels must not depend on the thread count.
TEST(HotspotReference, DbscanLabelsDoNotDependOnThreads) {
  const auto& c = ref()["dbscan"];
  DbscanOptions o;
  o.eps_m = c["eps_m"].get<double>();
  o.min_weight = c["min_samples"].get<double>();
  o.threads = 1;
  const auto one = dbscan(coords(c["points"]), {}, o);
  o.threads = 2;
  const auto two = dbscan(coords(c["points"]), {}, o);
  EXPECT_EQ(one.label, two.label);
  EXPECT_EQ(one.core, two.core);
}

TEST(HotspotReference, WeightedDbscanCorePointsMatchScikitLearnSampleWeight) {
  const auto& c = ref()["dbscan_weighted"];
  DbscanOptions o;
  o.eps_m = c["eps_m"].get<double>();
  o.min_weight = c["min_weight"].get<double>();
  const auto w = c["weights"].get<std::vector<double>>();
  expect_same_core_partition(dbscan(coords(c["points"]), w, o), c);
}

TEST(HotspotReference, KernelDensityAtSampleLocationsMatchesTheDirectSum) {
  const auto& k = ref()["kde"];
  const auto xy = coords(k["points"]);
  const auto w = k["weights"].get<std::vector<double>>();
  const auto samples = coords(k["samples"]);
  const auto want = k["density_per_km2"].get<std::vector<double>>();
  for (std::size_t i = 0; i < samples.size(); ++i) {
    // A one-pixel raster centred on the sample location.
    KernelDensityOptions o;
    o.bandwidth_m = k["bandwidth_m"].get<double>();
    o.pixel_m = 10.0;
    o.extent = {samples[i].x - 5.0, samples[i].y - 5.0, samples[i].x + 5.0, samples[i].y + 5.0};
    const DensityRaster r = kernel_density(xy, w, o);
    ASSERT_EQ(r.width, 1u);
    ASSERT_EQ(r.height, 1u);
    EXPECT_NEAR(r.value(0, 0), want[i], 1e-9 * std::max(1.0, want[i])) << i;
  }
}
