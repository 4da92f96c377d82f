#pragma once
// Min-heap of (distance, node) for the Brandes sweeps in betweenness.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace borderflow::corridors::detail {

// Min-heap of (key, node) with `Arity` children per node. With four (the
// sweeps' choice): half the depth of a binary heap, and the children of one
// node in one cache line. Entries are not decreased in place; a node pushed
// again with a shorter distance leaves a stale entry that the caller skips
// when it comes out.
template <std::size_t Arity>
class DaryHeap {
  static_assert(Arity >= 2);

 public:
  struct Entry {
    double key;
    std::uint32_t node;
  };
  bool empty() const { return v_.empty(); }
  void clear() { v_.clear(); }
  void push(double key, std::uint32_t node) {
    std::size_t i = v_.size();
    v_.push_back({key, node});
    while (i > 0) {
      const std::size_t parent = (i - 1) / Arity;
      if (!(key < v_[parent].key)) break;
      v_[i] = v_[parent];
      i = parent;
    }
    v_[i] = {key, node};
  }
  // The entry with the smallest key. Precondition: !empty().
  Entry pop() {
    const Entry top = v_.front();
    const Entry last = v_.back();
    v_.pop_back();
    const std::size_t n = v_.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = Arity * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + Arity, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (v_[c].key < v_[best].key) best = c;
      if (!(v_[best].key < last.key)) break;
      v_[i] = v_[best];
      i = best;
    }
    v_[i] = last;
    return top;
  }

 private:
  std::vector<Entry> v_;
};

using QuadHeap = DaryHeap<4>;

}  // namespace borderflow::corridors::detail
