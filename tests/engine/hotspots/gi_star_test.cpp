// Gi* on small cases worked by hand, and its bins, flags and permutations.
#include "engine/hotspots/gi_star.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace borderflow;
using namespace borderflow::hotspots;

namespace {
std::vector<geometry::Coord> line_of(std::size_t n, double step) {
  std::vector<geometry::Coord> xy;
  for (std::size_t i = 0; i < n; ++i) xy.push_back({static_cast<double>(i) * step, 0.0});
  return xy;
}
}  // namespace

// Five places 1 km apart on a line, band 1 km:  0 - 0 - 0 - 3 - 6
// n = 5, mean = 9/5 = 1.8, S^2 = 45/5 - 1.8^2 = 5.76, S = 2.4.
// Ends: W = 2, (n W - W^2)/(n-1) = 6/4 = 1.5; inside: W = 3, (15 - 9)/4 = 1.5.
// z = (local sum - 1.8 W) / (2.4 sqrt(1.5)):
//   place 0: (0 - 3.6)  -> -1.224744871391589
//   place 1: (0 - 5.4)  -> -1.837117307087384
//   place 2: (3 - 5.4)  -> -0.816496580927726
//   place 3: (9 - 5.4)  ->  1.224744871391589
//   place 4: (9 - 3.6)  ->  1.837117307087384
TEST(GiStar, FivePlacesOnALineByHand) {
  const std::vector<double> v{0, 0, 0, 3, 6};
  GiStarOptions o;
  o.band_m = 1000.0;
  o.fdr = false;
  const GiStarResult r = gi_star(v, line_of(5, 1000.0), o);
  const double want[] = {-1.224744871391589, -1.837117307087384, -0.816496580927726, 1.224744871391589,
                         1.837117307087384};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(r.z[i], want[i], 1e-12) << i;
  EXPECT_DOUBLE_EQ(r.mean, 1.8);
  EXPECT_NEAR(r.std_dev, 2.4, 1e-12);
  EXPECT_EQ(r.n_neighbors, (std::vector<std::uint32_t>{1, 2, 2, 2, 1}));
  // Two-sided p of z = 1.8371: 2 (1 - Phi(1.8371)) = 0.06619 (normal table) -> 90 %.
  EXPECT_NEAR(r.p[4], 0.066193, 1e-5);
  EXPECT_EQ(r.bin[4], 1);
  EXPECT_EQ(r.bin[1], -1);
  EXPECT_EQ(r.bin[3], 0);  // p = 0.2207
  EXPECT_EQ(r.isolated, 0u);
  EXPECT_FALSE(r.band_automatic);
}

TEST(GiStar, AutomaticBandIsTheLargestNearestNeighbourDistance) {
  // Spacings 1, 1, 3 km: the last place needs 3 km to have a neighbour.
  const std::vector<geometry::Coord> xy{{0, 0}, {1000, 0}, {2000, 0}, {5000, 0}};
  const GiStarResult r = gi_star(std::vector<double>{1, 2, 3, 4}, xy);
  EXPECT_TRUE(r.band_automatic);
  EXPECT_DOUBLE_EQ(r.band_m, 3000.0);
  // 0: {1, 2}; 1: {0, 2}; 2: {0, 1, 5 km}; 5 km: {2}.
  EXPECT_EQ(r.n_neighbors, (std::vector<std::uint32_t>{2, 2, 3, 1}));
  EXPECT_EQ(r.isolated, 0u);
}

TEST(GiStar, PlacesWithoutNeighboursAreFlaggedNotGivenAZ) {
  GiStarOptions o;
  o.band_m = 1500.0;
  const GiStarResult r = gi_star(std::vector<double>{1, 5, 2}, std::vector<geometry::Coord>{{0, 0}, {1000, 0}, {9000, 0}}, o);
  EXPECT_EQ(r.isolated, 1u);
  EXPECT_FALSE(r.defined[2]);
  EXPECT_TRUE(std::isnan(r.z[2]));
  EXPECT_EQ(r.bin[2], 0);
  EXPECT_EQ(r.n_neighbors[2], 0u);
  EXPECT_TRUE(r.defined[0]);
}

TEST(GiStar, EqualValuesGiveNoZ) {
  GiStarOptions o;
  o.band_m = 1000.0;
  const GiStarResult r = gi_star(std::vector<double>{2, 2, 2, 2}, line_of(4, 1000.0), o);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(r.defined[i]);
  EXPECT_EQ(r.std_dev, 0.0);
}

TEST(GiStar, EveryoneANeighbourOfEveryoneGivesNoZ) {
  // W = n: the variance term n W - W^2 is 0.
  GiStarOptions o;
  o.band_m = 1e6;
  const GiStarResult r = gi_star(std::vector<double>{1, 2, 3}, line_of(3, 10.0), o);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(r.defined[i]);
}

TEST(GiStar, KNearestBreaksTiesByIndex) {
  // Place 1 is equidistant from 0 and 2: with k = 1 it takes 0.
  GiStarOptions o;
  o.weights = GiWeights::k_nearest;
  o.k = 1;
  const auto nb = k_nearest(line_of(3, 5.0), 1);
  EXPECT_EQ(std::vector<std::uint32_t>(nb.of(1).begin(), nb.of(1).end()), std::vector<std::uint32_t>{0});
  const GiStarResult r = gi_star(std::vector<double>{0, 1, 5}, line_of(3, 5.0), o);
  EXPECT_EQ(r.n_neighbors, (std::vector<std::uint32_t>{1, 1, 1}));
}

TEST(GiStar, BadInputIsRefused) {
  EXPECT_THROW(gi_star(std::vector<double>{1, 2}, line_of(3, 1.0)), std::invalid_argument);
  EXPECT_THROW(gi_star(std::vector<double>{1, NAN}, line_of(2, 1.0)), std::invalid_argument);
  GiStarOptions o;
  o.band_m = -1;
  EXPECT_THROW(gi_star(std::vector<double>{1, 2}, line_of(2, 1.0), o), std::invalid_argument);
  o = {};
  o.weights = GiWeights::k_nearest;
  o.k = 0;
  EXPECT_THROW(gi_star(std::vector<double>{1, 2}, line_of(2, 1.0), o), std::invalid_argument);
}

namespace {
// A 30 x 30 lattice with a hot block in one corner.
void lattice(std::vector<double>& v, std::vector<geometry::Coord>& xy) {
  for (int r = 0; r < 30; ++r)
    for (int c = 0; c < 30; ++c) {
      xy.push_back({c * 1000.0, r * 1000.0});
      // Outside the block: noise from a linear congruential generator.
      static std::uint32_t state = 12345;
      state = state * 1664525u + 1013904223u;
      v.push_back((r < 5 && c < 5) ? 10.0 + (r * 7 + c * 3) % 5 : static_cast<double>((state >> 16) % 4));
    }
}
}  // namespace

TEST(GiStar, PermutationsAreReproducibleWithASeedWhateverTheThreads) {
  std::vector<double> v;
  std::vector<geometry::Coord> xy;
  lattice(v, xy);
  GiStarOptions o;
  o.band_m = 1500.0;
  o.permutations = 199;
  o.seed = 42;
  o.threads = 1;
  const GiStarResult a = gi_star(v, xy, o);
  o.threads = 2;
  const GiStarResult b = gi_star(v, xy, o);
  EXPECT_EQ(a.p_sim, b.p_sim);
  EXPECT_EQ(a.bin, b.bin);
  o.seed = 43;
  const GiStarResult c = gi_star(v, xy, o);
  EXPECT_NE(a.p_sim, c.p_sim);
  // The middle of the hot block beats every permutation: p_sim = 1/(199+1).
  EXPECT_DOUBLE_EQ(a.p_sim[2 * 30 + 2], 1.0 / 200.0);
  for (double p : a.p_sim) {
    EXPECT_GE(p, 1.0 / 200.0);
    EXPECT_LE(p, 0.5 + 1.0 / 200.0);
  }
  // Analytic z is unchanged by permutations.
  o.permutations = 0;
  const GiStarResult d = gi_star(v, xy, o);
  EXPECT_EQ(a.z, d.z);
}

TEST(GiStar, FalseDiscoveryRateOnlyRemovesSignificance) {
  std::vector<double> v;
  std::vector<geometry::Coord> xy;
  lattice(v, xy);
  GiStarOptions o;
  o.band_m = 1500.0;
  o.fdr = false;
  const GiStarResult plain = gi_star(v, xy, o);
  o.fdr = true;
  const GiStarResult fdr = gi_star(v, xy, o);
  int plain_sig = 0, fdr_sig = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_LE(std::abs(fdr.bin[i]), std::abs(plain.bin[i]));
    plain_sig += plain.bin[i] != 0;
    fdr_sig += fdr.bin[i] != 0;
  }
  EXPECT_GT(fdr_sig, 0);
  EXPECT_LT(fdr_sig, plain_sig);
}
