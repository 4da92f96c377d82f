#pragma once
// A small, fast, seedable generator (SplitMix64, Steele, Lea & Flood 2014)
// and an unbiased bounded draw (Lemire 2019), so that random results depend
// only on the seed, never on the thread that draws them.
#include <cstdint>

namespace borderflow::hotspots::detail {

__extension__ typedef unsigned __int128 uint128;

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound >= 1.
  std::uint64_t below(std::uint64_t bound) noexcept {
    uint128 m = static_cast<uint128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
      const std::uint64_t threshold = -bound % bound;
      while (low < threshold) {
        m = static_cast<uint128>(next()) * bound;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  std::uint64_t state_;
};

// A seed for stream `i` of a run seeded with `seed`.
inline std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t i) noexcept {
  SplitMix64 a(seed ^ (0xD1B54A32D192ED03ULL * (i + 1)));
  return a.next();
}

}  // namespace borderflow::hotspots::detail
