// Times borderflow's Gi*, DBSCAN and kernel density on arrays written by
// bench/hotspots_compare.py (raw little-endian float64 files), for the peer
// comparison there. Prints one JSON object per run with the seconds and the
// values the script checks against the peers.
//
//   hotspots_bench gi     XY.f64 VALUES.f64 --band M [--threads N] [--sample K]
//   hotspots_bench dbscan XY.f64 WEIGHTS.f64|- --eps M --min-weight W [--threads N]
//   hotspots_bench kde    XY.f64 WEIGHTS.f64|- --bandwidth M --width PX --extent x0,y0,x1,y1 [--threads N] [--sample K]
//
// XY.f64 holds x0 y0 x1 y1 ...; "-" for unit weights. dbscan writes the core
// flags to XY.f64.core (one byte per point) for the script to compare.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/hotspots/dbscan.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/kernel_density.hpp"

namespace {

std::vector<double> read_f64(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    std::exit(3);
  }
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<double> v(bytes / sizeof(double));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
  return v;
}

std::vector<borderflow::geometry::Coord> read_xy(const std::string& path) {
  const auto v = read_f64(path);
  std::vector<borderflow::geometry::Coord> xy(v.size() / 2);
  for (std::size_t i = 0; i < xy.size(); ++i) xy[i] = {v[2 * i], v[2 * i + 1]};
  return xy;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace borderflow;
  if (argc < 4) {
    std::cerr << "usage: hotspots_bench gi|dbscan|kde XY.f64 VALUES.f64|- [options]\n";
    return 2;
  }
  const std::string mode = argv[1];
  double band = 0, eps = 0, min_weight = 0, bandwidth = 0;
  int threads = 0;
  std::size_t sample = 50, width = 0;
  geometry::Extent ext;
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string f = argv[i];
    const char* v = argv[i + 1];
    if (f == "--band") band = std::atof(v);
    else if (f == "--eps") eps = std::atof(v);
    else if (f == "--min-weight") min_weight = std::atof(v);
    else if (f == "--bandwidth") bandwidth = std::atof(v);
    else if (f == "--threads") threads = std::atoi(v);
    else if (f == "--sample") sample = static_cast<std::size_t>(std::atol(v));
    else if (f == "--width") width = static_cast<std::size_t>(std::atol(v));
    else if (f == "--extent") std::sscanf(v, "%lf,%lf,%lf,%lf", &ext.min_x, &ext.min_y, &ext.max_x, &ext.max_y);
  }
  const auto xy = read_xy(argv[2]);
  const std::vector<double> values = std::string(argv[3]) == "-" ? std::vector<double>{} : read_f64(argv[3]);
  const std::size_t step = std::max<std::size_t>(1, xy.size() / std::max<std::size_t>(sample, 1));
  if (mode == "gi") {
    hotspots::GiStarOptions o;
    o.band_m = band;
    o.threads = threads;
    const auto t = std::chrono::steady_clock::now();
    const auto r = hotspots::gi_star(values, xy, o);
    const double s = seconds_since(t);
    std::printf("{\"n\": %zu, \"seconds\": %.6f, \"band_m\": %.17g, \"z_sample\": [", xy.size(), s, r.band_m);
    for (std::size_t i = 0, k = 0; i < xy.size(); i += step, ++k)
      std::printf("%s[%zu, %.17g]", k ? ", " : "", i, r.defined[i] ? r.z[i] : 0.0);
    std::printf("]}\n");
  } else if (mode == "dbscan") {
    hotspots::DbscanOptions o;
    o.eps_m = eps;
    o.min_weight = min_weight;
    o.threads = threads;
    const auto t = std::chrono::steady_clock::now();
    const auto r = hotspots::dbscan(xy, values, o);
    const double s = seconds_since(t);
    std::ofstream core(std::string(argv[2]) + ".core", std::ios::binary);
    core.write(r.core.data(), static_cast<std::streamsize>(r.core.size()));
    std::ofstream labels(std::string(argv[2]) + ".labels", std::ios::binary);
    labels.write(reinterpret_cast<const char*>(r.label.data()), static_cast<std::streamsize>(r.label.size() * 4));
    std::printf("{\"n\": %zu, \"seconds\": %.6f, \"clusters\": %zu, \"noise\": %zu}\n", xy.size(), s,
                r.clusters.size(), r.noise);
  } else if (mode == "kde") {
    hotspots::KernelDensityOptions o;
    o.bandwidth_m = bandwidth;
    o.extent = ext;
    o.pixel_m = (ext.max_x - ext.min_x) / static_cast<double>(width);
    o.threads = threads;
    const auto t = std::chrono::steady_clock::now();
    const auto r = hotspots::kernel_density(xy, values, o);
    const double s = seconds_since(t);
    std::printf("{\"n\": %zu, \"seconds\": %.6f, \"width\": %zu, \"height\": %zu, \"pixel_m\": %.17g, \"samples\": [",
                xy.size(), s, r.width, r.height, r.pixel_m);
    const std::size_t pstep = std::max<std::size_t>(1, r.width * r.height / std::max<std::size_t>(sample, 1));
    for (std::size_t p = pstep / 2, k = 0; p < r.width * r.height; p += pstep, ++k) {
      const auto c = r.pixel_center(p / r.width, p % r.width);
      std::printf("%s[%.17g, %.17g, %.17g]", k ? ", " : "", c.x, c.y, r.per_km2[p]);
    }
    double sum = 0;
    for (double v : r.per_km2) sum += v;
    std::printf("], \"integral\": %.17g}\n", sum * r.pixel_m * r.pixel_m / 1e6);
  } else {
    std::cerr << "unknown mode " << mode << "\n";
    return 2;
  }
  return 0;
}
