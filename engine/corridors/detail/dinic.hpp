#pragma once
// Maximum flow for min_cut() in chokepoints.cpp.
#include <cstddef>
#include <vector>

namespace borderflow::corridors::detail {

// Dinic's max-flow on a residual graph (Dinic, "Algorithm for solution of a
// problem of maximum flow in networks with power estimation", Soviet Math.
// Doklady 11, 1970). Capacities are doubles in the caller's unit (min_cut:
// edge flow); residual capacities of at most 1e-12 count as saturated. No
// recursion, so a chain of 100k nodes does not overflow the stack. Not
// thread-safe; one object per flow problem.
class Dinic {
 public:
  explicit Dinic(std::size_t n) : adj_(n), level_(n), it_(n) {}
  // Adds the arc u -> v with capacity `cap` (and its residual twin); returns
  // the arc's index.
  std::size_t add(std::size_t u, std::size_t v, double cap) {
    adj_[u].push_back(arcs_.size());
    arcs_.push_back({v, cap});
    adj_[v].push_back(arcs_.size());
    arcs_.push_back({u, 0.0});
    return arcs_.size() - 2;
  }
  // The maximum flow from s to t; leaves the residual graph behind.
  double run(std::size_t s, std::size_t t);
  // Nodes reachable from s in the residual graph after run(): 1 per node on
  // the source side of a minimum cut.
  std::vector<char> source_side(std::size_t s) const;

 private:
  static constexpr double kEps = 1e-12;
  struct Arc {
    std::size_t to;
    double cap;
  };
  bool bfs(std::size_t s, std::size_t t);
  double augment(std::size_t s, std::size_t t);

  std::vector<std::vector<std::size_t>> adj_;
  std::vector<Arc> arcs_;
  std::vector<int> level_;
  std::vector<std::size_t> it_;
  std::vector<std::size_t> path_;
};

}  // namespace borderflow::corridors::detail
