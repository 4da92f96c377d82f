#include "engine/corridors/metrics.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/corridors/detail/links.hpp"

namespace borderflow::corridors {

using detail::links_of;
using detail::Links;

std::vector<Corridor> find_corridors(const RouteGraph& g) {
  const Links links = links_of(g);
  const std::size_t n = g.nodes().size();
  auto junction = [&](std::uint32_t v) { return links.neighbours[v].size() != 2; };
  std::set<std::pair<std::uint32_t, std::uint32_t>> used;
  std::vector<Corridor> out;
  auto walk = [&](std::uint32_t start, std::uint32_t next) {
    Corridor c;
    c.nodes.push_back(start);
    std::uint32_t prev = start;
    std::uint32_t cur = next;
    double weighted_flow = 0.0;
    while (true) {
      const auto key = std::minmax(prev, cur);
      if (!used.insert({key.first, key.second}).second) break;
      const auto& es = links.edges_of.at({key.first, key.second});
      double link_len = std::numeric_limits<double>::infinity();
      double link_flow = 0.0;
      for (std::uint32_t e : es) {
        c.edges.push_back(e);
        link_len = std::min(link_len, g.edges()[e].length_m);
        link_flow += g.edges()[e].flow;
      }
      c.length_m += link_len;
      weighted_flow += link_flow * link_len;
      c.nodes.push_back(cur);
      if (junction(cur) || cur == start) break;
      // continue through the degree-2 node
      std::uint32_t following = prev;
      for (std::uint32_t nb : links.neighbours[cur])
        if (nb != prev) following = nb;
      prev = cur;
      cur = following;
    }
    if (c.edges.empty()) return;
    c.flow = c.length_m > 0 ? weighted_flow / c.length_m : 0.0;
    for (std::uint32_t v : c.nodes) {
      const std::string& country = g.nodes()[v].country;
      if (!country.empty() && std::find(c.countries.begin(), c.countries.end(), country) == c.countries.end())
        c.countries.push_back(country);
    }
    out.push_back(std::move(c));
  };
  for (std::uint32_t v = 0; v < n; ++v)
    if (junction(v))
      for (std::uint32_t nb : links.neighbours[v]) walk(v, nb);
  // Cycles made only of degree-2 nodes.
  for (std::uint32_t v = 0; v < n; ++v)
    if (!junction(v)) walk(v, *links.neighbours[v].begin());
  std::stable_sort(out.begin(), out.end(), [](const Corridor& a, const Corridor& b) {
    if (a.flow != b.flow) return a.flow > b.flow;
    return a.nodes.front() < b.nodes.front();
  });
  return out;
}

}  // namespace borderflow::corridors
