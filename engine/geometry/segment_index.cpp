#include "engine/geometry/segment_index.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace borderflow::geometry {
namespace {

template <typename Box>
Box box_of(const Segment& s) {
  return {std::min(s.a.x, s.b.x), std::min(s.a.y, s.b.y), std::max(s.a.x, s.b.x), std::max(s.a.y, s.b.y)};
}

// STR ordering of items with boxes: sort by centre x into vertical slices of
// ceil(sqrt(n / cap)) * cap items, then each slice by centre y.
template <typename Box>
std::vector<std::size_t> str_order(const std::vector<Box>& boxes, std::size_t cap) {
  std::vector<std::size_t> order(boxes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto cx = [&](std::size_t i) { return boxes[i].min_x + boxes[i].max_x; };
  auto cy = [&](std::size_t i) { return boxes[i].min_y + boxes[i].max_y; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cx(a) < cx(b); });
  const std::size_t leaves = (boxes.size() + cap - 1) / cap;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
  const std::size_t per_slice = slices * cap;
  for (std::size_t start = 0; start < order.size(); start += per_slice) {
    const auto end = order.begin() + static_cast<std::ptrdiff_t>(std::min(start + per_slice, order.size()));
    std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(start), end,
                     [&](std::size_t a, std::size_t b) { return cy(a) < cy(b); });
  }
  return order;
}

}  // namespace

SegmentIndex::SegmentIndex(std::vector<Segment> segments, std::size_t node_capacity)
    : cap_(std::max<std::size_t>(2, node_capacity)) {
  if (segments.empty()) return;
  std::vector<Box> boxes(segments.size());
  for (std::size_t i = 0; i < segments.size(); ++i) boxes[i] = box_of<Box>(segments[i]);
  const auto order = str_order(boxes, cap_);
  segments_.reserve(segments.size());
  segment_boxes_.reserve(segments.size());
  for (std::size_t i : order) {
    segments_.push_back(segments[i]);
    segment_boxes_.push_back(boxes[i]);
  }
  // Build the levels bottom-up. Upper levels keep their children's order,
  // which STR already made spatially coherent.
  const std::vector<Box>* below = &segment_boxes_;
  while (true) {
    std::vector<Box> level;
    for (std::size_t start = 0; start < below->size(); start += cap_) {
      Box b = (*below)[start];
      for (std::size_t k = start + 1; k < std::min(start + cap_, below->size()); ++k) {
        const Box& c = (*below)[k];
        b.min_x = std::min(b.min_x, c.min_x);
        b.min_y = std::min(b.min_y, c.min_y);
        b.max_x = std::max(b.max_x, c.max_x);
        b.max_y = std::max(b.max_y, c.max_y);
      }
      level.push_back(b);
    }
    levels_.push_back(std::move(level));
    if (levels_.back().size() <= cap_) break;
    below = &levels_.back();
  }
}

}  // namespace borderflow::geometry
