// Kernel density: the kernels' normalisation, the bandwidth rule, and the
// raster against a direct sum written out here.
#include "engine/hotspots/kernel_density.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace borderflow;
using namespace borderflow::hotspots;

namespace {
constexpr double kPi = 3.14159265358979323846;
}

// Each kernel integrates to 1 over the disc: integral of 2 pi r K(r) dr,
// by the midpoint rule.
TEST(KernelDensity, KernelsIntegrateToOne) {
  for (Kernel k : {Kernel::quartic, Kernel::triweight, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform}) {
    const double h = 750.0;
    double s = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      const double r = (i + 0.5) * h / n;
      s += 2 * kPi * r * kernel_value(k, r, h) * h / n;
    }
    EXPECT_NEAR(s, 1.0, 1e-6) << to_string(k);
  }
  // Quartic at the centre: 3 / (pi h^2).
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::quartic, 0, 10), 3.0 / (kPi * 100));
  EXPECT_EQ(kernel_value(Kernel::quartic, 10, 10), 0.0);
}

// Points at (0,0), (3,0), (0,4), (3,4), unit weights: mean centre (1.5, 2),
// every point 2.5 away: SD = 2.5, Dm = 2.5;
// h = 0.9 min(2.5, 2.5 / sqrt(ln 2)) 4^-0.2 = 2.25 * 0.757858283 = 1.705181...
TEST(KernelDensity, BandwidthRuleByHand) {
  const std::vector<geometry::Coord> xy{{0, 0}, {3, 0}, {0, 4}, {3, 4}};
  EXPECT_NEAR(bandwidth_rule(xy, {}), 2.25 * std::pow(4.0, -0.2), 1e-12);
  EXPECT_EQ(bandwidth_rule(std::vector<geometry::Coord>{{1, 1}, {1, 1}}, {}), 0.0);
}

TEST(KernelDensity, IntegratesToTheTotalWeight) {
  std::vector<geometry::Coord> xy;
  std::vector<double> w;
  for (int i = 0; i < 50; ++i) {
    xy.push_back({std::fmod(i * 7919.0, 50000.0), std::fmod(i * 104729.0, 30000.0)});
    w.push_back(1 + i % 7);
  }
  KernelDensityOptions o;
  o.bandwidth_m = 4000;
  o.pixel_m = 100;
  const DensityRaster r = kernel_density(xy, w, o);
  double sum = 0;
  for (double v : r.per_km2) sum += v;
  const double total = sum * (r.pixel_m * r.pixel_m / 1e6);
  EXPECT_NEAR(total, r.total_weight, 0.01 * r.total_weight);
  EXPECT_DOUBLE_EQ(r.total_weight, 197.0);  // 50 + sum of i % 7 over i < 50 = 50 + 7 * 21
}

TEST(KernelDensity, PixelsHoldTheDirectSumAtTheirCentres) {
  const std::vector<geometry::Coord> xy{{1000, 1000}, {2500, 1800}, {1700, 3000}};
  const std::vector<double> w{2, 1, 5};
  KernelDensityOptions o;
  o.bandwidth_m = 1500;
  o.pixel_m = 250;
  const DensityRaster r = kernel_density(xy, w, o);
  for (std::size_t row = 0; row < r.height; row += 3)
    for (std::size_t col = 0; col < r.width; col += 2) {
      const auto c = r.pixel_center(row, col);
      double want = 0;
      for (int i = 0; i < 3; ++i) {
        const double d = std::hypot(c.x - xy[i].x, c.y - xy[i].y);
        if (d < 1500) want += w[i] * 3.0 / (kPi * 1500 * 1500) * std::pow(1 - d * d / (1500.0 * 1500.0), 2);
      }
      EXPECT_NEAR(r.value(row, col), want * 1e6, 1e-9 * (1 + want * 1e6));
    }
}

TEST(KernelDensity, SameResultWhateverTheThreads) {
  std::vector<geometry::Coord> xy;
  for (int i = 0; i < 300; ++i) xy.push_back({std::fmod(i * 7919.0, 20000.0), std::fmod(i * 3571.0, 20000.0)});
  KernelDensityOptions o;
  o.bandwidth_m = 3000;
  o.threads = 1;
  const DensityRaster a = kernel_density(xy, {}, o);
  o.threads = 2;
  const DensityRaster b = kernel_density(xy, {}, o);
  EXPECT_EQ(a.per_km2, b.per_km2);
  EXPECT_TRUE(a.pixel_automatic);
  EXPECT_EQ(a.pixel_m, round_nice((20000.0 + 6000.0) / 1000.0));
}

TEST(KernelDensity, RoundNice) {
  EXPECT_EQ(round_nice(28.0), 20.0);
  EXPECT_EQ(round_nice(0.0041), 0.005);
  EXPECT_EQ(round_nice(0.0031), 0.002);
  EXPECT_EQ(round_nice(8.0), 10.0);
  EXPECT_EQ(round_nice(1.2), 1.0);
}

TEST(KernelDensity, BadInputIsRefused) {
  const std::vector<geometry::Coord> xy{{0, 0}, {1, 1}};
  KernelDensityOptions o;
  o.bandwidth_m = -1;
  EXPECT_THROW(kernel_density(xy, {}, o), std::invalid_argument);
  o = {};
  o.bandwidth_m = 10;
  o.pixel_m = 1e-6;
  EXPECT_THROW(kernel_density(xy, {}, o), std::invalid_argument);  // too many pixels
  o.pixel_m = 1;
  EXPECT_THROW(kernel_density(std::vector<geometry::Coord>{{1, 1}, {1, 1}}, {}, KernelDensityOptions{}),
               std::invalid_argument);  // no spread, no bandwidth
  EXPECT_THROW(kernel_density(xy, std::vector<double>{1, NAN}, o), std::invalid_argument);
}
