// Times borderflow's exact weighted betweenness on a graph read from a CSV
// edge list ("from,to,length", 0-based node ids, header line), for the peer
// comparison in bench/betweenness_compare.py. Prints one JSON object:
// {"nodes", "edges", "threads", "sources", "seconds", "node_betweenness_sample": [...]}.
// With --sources K only the K evenly spaced sources i * n / K are swept (the
// same work bench/peers/igraph_betweenness.c and graph-tool's pivots do).
//
//   betweenness_bench EDGES.csv [--threads N] [--sample S] [--sources K]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/corridors/metrics.hpp"

int main(int argc, char** argv) {
  using namespace borderflow;
  if (argc < 2) {
    std::cerr << "usage: betweenness_bench EDGES.csv [--threads N] [--sample S] [--sources K]\n";
    return 2;
  }
  int threads = 0;
  std::size_t sample = 20;
  std::size_t k_sources = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--threads") threads = std::atoi(argv[i + 1]);
    else if (flag == "--sample") sample = static_cast<std::size_t>(std::atol(argv[i + 1]));
    else if (flag == "--sources") k_sources = static_cast<std::size_t>(std::atol(argv[i + 1]));
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 3;
  }
  std::string line;
  std::getline(in, line);  // header
  std::vector<routes::GraphEdge> edges;
  std::uint32_t max_node = 0;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string a, b, len;
    if (!std::getline(row, a, ',') || !std::getline(row, b, ',') || !std::getline(row, len)) continue;
    routes::GraphEdge e;
    e.from = static_cast<std::uint32_t>(std::stoul(a));
    e.to = static_cast<std::uint32_t>(std::stoul(b));
    e.length_m = std::stod(len);
    max_node = std::max({max_node, e.from, e.to});
    edges.push_back(e);
  }
  std::vector<routes::GraphNode> nodes(edges.empty() ? 0 : max_node + 1);
  const routes::RouteGraph g = routes::RouteGraph::from_parts(std::move(nodes), std::move(edges));
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = g.nodes().size();
  corridors::Betweenness bc;
  if (k_sources > 0 && k_sources < n) {
    std::vector<std::uint32_t> sources(k_sources);
    for (std::size_t i = 0; i < k_sources; ++i) sources[i] = static_cast<std::uint32_t>(i * n / k_sources);
    bc = corridors::betweenness_from_sources(g, sources, threads);
  } else {
    k_sources = n;
    bc = corridors::betweenness(g, threads);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"nodes\": %zu, \"edges\": %zu, \"threads\": %d, \"sources\": %zu, \"seconds\": %.6f, "
              "\"node_betweenness_sample\": [",
              n, g.edges().size(), threads, k_sources, seconds);
  // Evenly spaced nodes, so the script can compare them with the peers'.
  const std::size_t step = std::max<std::size_t>(1, g.nodes().size() / std::max<std::size_t>(sample, 1));
  bool first = true;
  for (std::size_t v = 0; v < g.nodes().size(); v += step) {
    std::printf("%s[%zu, %.17g]", first ? "" : ", ", v, bc.node[v]);
    first = false;
  }
  std::printf("]}\n");
  return 0;
}
