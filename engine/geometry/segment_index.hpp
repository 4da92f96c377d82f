#pragma once
// A static, bulk-loaded R-tree over line segments (Sort-Tile-Recursive
// packing: Leutenegger, Lopez & Edgington, "STR: a simple and efficient
// algorithm for R-tree packing", ICDE 1997). Built once, then queried from any
// number of threads at once (queries are const and allocate nothing).
#include <cstdint>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry {

struct Segment {
  Coord a;
  Coord b;
  std::uint32_t owner = 0;  // caller's id (e.g. the zone the segment bounds)
};

class SegmentIndex {
 public:
  SegmentIndex() = default;
  explicit SegmentIndex(std::vector<Segment> segments, std::size_t node_capacity = 16);

  // Calls visit(const Segment&) for every segment whose bounding box
  // intersects [min_x, max_x] x [min_y, max_y] (closed boxes). Visiting order
  // is deterministic.
  template <typename Visit>
  void query(double min_x, double min_y, double max_x, double max_y, Visit&& visit) const;

  const std::vector<Segment>& segments() const noexcept { return segments_; }
  std::size_t size() const noexcept { return segments_.size(); }

 private:
  struct Box {
    double min_x, min_y, max_x, max_y;
    bool intersects(double x0, double y0, double x1, double y1) const noexcept {
      return !(x1 < min_x || x0 > max_x || y1 < min_y || y0 > max_y);
    }
  };
  std::vector<Segment> segments_;  // reordered into leaf order
  // Levels from the leaves (0) up to the root; each level is a list of boxes;
  // node i of level L covers children [i*cap, (i+1)*cap) of level L-1 (or of
  // segments_ for L = 0).
  std::vector<std::vector<Box>> levels_;
  std::vector<Box> segment_boxes_;
  std::size_t cap_ = 16;
};

template <typename Visit>
void SegmentIndex::query(double min_x, double min_y, double max_x, double max_y, Visit&& visit) const {
  if (levels_.empty()) return;
  // Depth-first over the levels with a small fixed stack of (level, node).
  struct Item {
    std::uint32_t level;
    std::uint32_t node;
  };
  Item stack[256];
  int top = 0;
  const auto root_level = static_cast<std::uint32_t>(levels_.size() - 1);
  for (std::uint32_t i = static_cast<std::uint32_t>(levels_[root_level].size()); i-- > 0;)
    if (levels_[root_level][i].intersects(min_x, min_y, max_x, max_y)) stack[top++] = {root_level, i};
  while (top > 0) {
    const Item it = stack[--top];
    const std::size_t begin = std::size_t{it.node} * cap_;
    if (it.level == 0) {
      const std::size_t end = std::min(begin + cap_, segments_.size());
      for (std::size_t s = begin; s < end; ++s)
        if (segment_boxes_[s].intersects(min_x, min_y, max_x, max_y)) visit(segments_[s]);
    } else {
      const auto& children = levels_[it.level - 1];
      const std::size_t end = std::min(begin + cap_, children.size());
      for (std::size_t c = end; c-- > begin;)
        if (children[c].intersects(min_x, min_y, max_x, max_y)) stack[top++] = {it.level - 1, static_cast<std::uint32_t>(c)};
    }
  }
}

}  // namespace borderflow::geometry
