// Times borderflow's emerging hot spots (space-time Gi*, FDR, Mann-Kendall,
// categories) on a cube written by bench/emerging_compare.py, for the
// comparison with the numpy/scipy implementation there. Prints one JSON
// object: the seconds, a sample of bin z and trend z, the category counts.
//
//   emerging_bench VALUES.f64 OFFSETS.u64 INDEX.u32 --steps T [--window W] [--threads N] [--sample K]
//
// VALUES.f64: location-major float64 (L x T); OFFSETS.u64 / INDEX.u32: the
// neighbour lists in compressed rows (hotspots::Neighbours), raw little-endian.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "engine/hotspots/emerging.hpp"

namespace {

template <typename T>
std::vector<T> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    std::exit(3);
  }
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<T> v(bytes / sizeof(T));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace borderflow::hotspots;
  if (argc < 4) {
    std::cerr << "usage: emerging_bench VALUES.f64 OFFSETS.u64 INDEX.u32 --steps T [--window W] [--threads N] [--sample K]\n";
    return 2;
  }
  std::size_t steps = 0, sample = 200;
  EmergingOptions o;
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string f = argv[i];
    const char* v = argv[i + 1];
    if (f == "--steps") steps = static_cast<std::size_t>(std::atol(v));
    else if (f == "--window") o.window = static_cast<std::size_t>(std::atol(v));
    else if (f == "--threads") o.threads = std::atoi(v);
    else if (f == "--sample") sample = static_cast<std::size_t>(std::atol(v));
  }
  const auto values = read_raw<double>(argv[1]);
  Neighbours nb;
  nb.offsets = read_raw<std::uint64_t>(argv[2]);
  nb.index = read_raw<std::uint32_t>(argv[3]);
  const auto t = std::chrono::steady_clock::now();
  const EmergingResult r = emerging_hotspots(values, steps, nb, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  std::map<std::string, std::size_t> hist;
  for (const auto c : r.category) ++hist[std::string(to_string(c))];
  std::printf("{\"locations\": %zu, \"steps\": %zu, \"seconds\": %.6f, \"z_sample\": [", r.locations, steps, s);
  const std::size_t bstep = std::max<std::size_t>(1, values.size() / sample);
  for (std::size_t k = 0, n = 0; k < values.size(); k += bstep, ++n)
    std::printf("%s[%zu, %.17g]", n ? ", " : "", k, r.z[k]);
  std::printf("], \"trend_sample\": [");
  const std::size_t lstep = std::max<std::size_t>(1, r.locations / sample);
  for (std::size_t i = 0, n = 0; i < r.locations; i += lstep, ++n)
    std::printf("%s[%zu, %.17g]", n ? ", " : "", i, r.trend[i].z);
  std::printf("], \"categories\": {");
  bool first = true;
  for (const auto& [c, n] : hist) {
    std::printf("%s\"%s\": %zu", first ? "" : ", ", c.c_str(), n);
    first = false;
  }
  std::printf("}}\n");
  return 0;
}
