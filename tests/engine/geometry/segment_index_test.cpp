#include "engine/geometry/segment_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace borderflow::geometry;

// The index returns exactly the segments a brute-force scan of bounding boxes returns.
TEST(SegmentIndex, MatchesBruteForceOnRandomSegments) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> pos(0.0, 1000.0);
  std::uniform_real_distribution<double> step(-20.0, 20.0);
  std::vector<Segment> segments;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const Coord a{pos(rng), pos(rng)};
    segments.push_back({a, {a.x + step(rng), a.y + step(rng)}, i});
  }
  const SegmentIndex index(segments, 8);
  ASSERT_EQ(index.size(), segments.size());
  for (int q = 0; q < 200; ++q) {
    const double x0 = pos(rng);
    const double y0 = pos(rng);
    const double x1 = x0 + std::abs(step(rng)) * 3;
    const double y1 = q % 10 == 0 ? y0 : y0 + std::abs(step(rng)) * 3;  // some degenerate (ray-like) boxes
    std::vector<std::uint32_t> got;
    index.query(x0, y0, x1, y1, [&](const Segment& s) { got.push_back(s.owner); });
    std::vector<std::uint32_t> want;
    for (const Segment& s : segments)
      if (!(std::max(s.a.x, s.b.x) < x0 || std::min(s.a.x, s.b.x) > x1 || std::max(s.a.y, s.b.y) < y0 ||
            std::min(s.a.y, s.b.y) > y1))
        want.push_back(s.owner);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "query " << q;
  }
}

TEST(SegmentIndex, EmptyIndexVisitsNothing) {
  const SegmentIndex index;
  int n = 0;
  index.query(-1e9, -1e9, 1e9, 1e9, [&](const Segment&) { ++n; });
  EXPECT_EQ(n, 0);
}
