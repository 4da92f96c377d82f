#include "engine/corridors/detail/dinic.hpp"

#include <algorithm>
#include <limits>
#include <queue>

namespace borderflow::corridors::detail {

double Dinic::run(std::size_t s, std::size_t t) {
  double total = 0.0;
  while (bfs(s, t)) {
    std::fill(it_.begin(), it_.end(), 0);
    for (double f = augment(s, t); f != 0.0; f = augment(s, t)) total += f;
  }
  return total;
}

std::vector<char> Dinic::source_side(std::size_t s) const {
  std::vector<char> seen(adj_.size(), 0);
  std::vector<std::size_t> stack{s};
  seen[s] = 1;
  while (!stack.empty()) {
    const std::size_t u = stack.back();
    stack.pop_back();
    for (std::size_t a : adj_[u])
      if (arcs_[a].cap > kEps && !seen[arcs_[a].to]) {
        seen[arcs_[a].to] = 1;
        stack.push_back(arcs_[a].to);
      }
  }
  return seen;
}

bool Dinic::bfs(std::size_t s, std::size_t t) {
  std::fill(level_.begin(), level_.end(), -1);
  std::queue<std::size_t> q;
  level_[s] = 0;
  q.push(s);
  while (!q.empty()) {
    const std::size_t u = q.front();
    q.pop();
    for (std::size_t a : adj_[u])
      if (arcs_[a].cap > kEps && level_[arcs_[a].to] < 0) {
        level_[arcs_[a].to] = level_[u] + 1;
        q.push(arcs_[a].to);
      }
  }
  return level_[t] >= 0;
}

// One augmenting path in the level graph, found without recursion (a chain
// of 100k nodes must not overflow the stack); dead ends leave the level graph.
double Dinic::augment(std::size_t s, std::size_t t) {
  path_.clear();
  std::size_t u = s;
  while (true) {
    if (u == t) {
      double f = std::numeric_limits<double>::infinity();
      for (std::size_t a : path_) f = std::min(f, arcs_[a].cap);
      for (std::size_t a : path_) {
        arcs_[a].cap -= f;
        arcs_[a ^ 1].cap += f;
      }
      return f;
    }
    bool advanced = false;
    for (; it_[u] < adj_[u].size(); ++it_[u]) {
      const std::size_t a = adj_[u][it_[u]];
      if (arcs_[a].cap > kEps && level_[arcs_[a].to] == level_[u] + 1) {
        path_.push_back(a);
        u = arcs_[a].to;
        advanced = true;
        break;
      }
    }
    if (advanced) continue;
    if (u == s) return 0.0;
    level_[u] = -1;  // a dead end
    const std::size_t back = path_.back();
    path_.pop_back();
    u = arcs_[back ^ 1].to;
    ++it_[u];
  }
}

}  // namespace borderflow::corridors::detail
