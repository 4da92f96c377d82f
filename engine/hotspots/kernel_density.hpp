#pragma once
// Kernel density of weighted points on a raster, in weight (persons or
// cases) per square kilometre. The kernels are those of QGIS's Heatmap
// (quartic by default), normalised so that each point's kernel integrates to
// its weight over the plane:
//   quartic       3/(pi h^2) (1 - u^2)^2        triweight  4/(pi h^2) (1 - u^2)^3
//   epanechnikov  2/(pi h^2) (1 - u^2)          triangular 3/(pi h^2) (1 - u)
//   uniform       1/(pi h^2)
// with u = d/h for d < h, and 0 beyond the bandwidth h. Each pixel holds the
// density at its centre.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::hotspots {

enum class Kernel { quartic, triweight, epanechnikov, triangular, uniform };
std::string_view to_string(Kernel k) noexcept;
std::optional<Kernel> parse_kernel(std::string_view name);

// Kernel value at distance d for bandwidth h, per square metre.
double kernel_value(Kernel k, double d_m, double h_m) noexcept;

// The default bandwidth of ArcGIS's Kernel Density (a spatial Silverman rule):
//   h = 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2
// with SD the weighted standard distance from the weighted mean centre, Dm the
// weighted median distance from it, and n the total weight. 0 when the points
// do not spread (fewer than two distinct points).
double bandwidth_rule(std::span<const geometry::Coord> xy, std::span<const double> weights);

struct KernelDensityOptions {
  Kernel kernel = Kernel::quartic;
  double bandwidth_m = 0.0;  // 0 = bandwidth_rule()
  double pixel_m = 0.0;      // 0 = a round size giving about 1000 pixels on the longer side
  // Raster extent (metres); empty = the points' extent grown by the bandwidth.
  geometry::Extent extent;
  std::size_t max_pixels = std::size_t{1} << 28;  // refuse larger rasters
  int threads = 0;                               // 0 = all cores
};

struct DensityRaster {
  // North-up: row 0 is the northern edge; pixel (r, c) covers
  // [min_x + c p, min_x + (c+1) p] x [max_y - (r+1) p, max_y - r p].
  geometry::Extent extent;
  double pixel_m = 0.0;
  std::size_t width = 0;
  std::size_t height = 0;
  std::vector<double> per_km2;  // row-major, width * height
  Kernel kernel = Kernel::quartic;
  double bandwidth_m = 0.0;
  bool bandwidth_automatic = false;
  bool pixel_automatic = false;
  double total_weight = 0.0;
  double value(std::size_t row, std::size_t col) const noexcept { return per_km2[row * width + col]; }
  geometry::Coord pixel_center(std::size_t row, std::size_t col) const noexcept {
    return {extent.min_x + (static_cast<double>(col) + 0.5) * pixel_m,
            extent.max_y - (static_cast<double>(row) + 0.5) * pixel_m};
  }
};

// `weights` empty means 1 each. Throws std::invalid_argument for bad points,
// weights or options, no points with an automatic extent, or a raster larger
// than max_pixels.
DensityRaster kernel_density(std::span<const geometry::Coord> xy, std::span<const double> weights,
                             const KernelDensityOptions& options = {});

// A round number (1, 2 or 5 times a power of ten) near x > 0.
double round_nice(double x) noexcept;

}  // namespace borderflow::hotspots
