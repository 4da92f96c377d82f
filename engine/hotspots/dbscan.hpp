#pragma once
// Density-based clusters of crossing points (DBSCAN: Ester, Kriegel, Sander
// & Xu, KDD 1996), weighted as scikit-learn's sample_weight: a point is a core
// point when the total weight of the points within eps_m of it (itself
// included, distance <= eps_m) is at least min_weight. Core points within
// eps_m of each other are in one cluster; a non-core point within eps_m of a
// core point joins the cluster of the nearest such core point (lowest index on
// a tie); the rest is noise.
//
// Grid algorithm (Gunawan 2013; de Berg, Gunawan & Roeloffzen 2017): points
// are bucketed into square cells of side eps_m / sqrt(2), so that the points
// of one cell are all within eps_m of each other; only the 24 cells around a
// cell can hold neighbours; core cells are joined with a union-find. No
// neighbour list is ever stored: memory is linear in the points.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::hotspots {

struct DbscanOptions {
  double eps_m = 5000.0;    // neighbourhood radius, metres
  double min_weight = 5.0;  // total weight (persons or cases) within eps_m for a core point
  int threads = 0;          // 0 = all cores
};

struct Cluster {
  std::size_t points = 0;      // core and border points
  std::size_t core_points = 0;
  double weight = 0.0;
  geometry::Polygon hull;      // convex hull of its points (a small octagon around a single point or a line)
};

struct DbscanResult {
  // Cluster of each point, -1 for noise. Clusters are numbered from 0 by
  // decreasing weight (then by their lowest point index), so label 0 is the
  // heaviest cluster.
  std::vector<std::int32_t> label;
  std::vector<char> core;
  std::vector<Cluster> clusters;
  std::size_t noise = 0;
};

// `weights` empty means weight 1 for every point. Throws
// std::invalid_argument for a non-positive or non-finite eps_m or min_weight,
// a negative or non-finite weight, a non-finite point, or sizes that differ.
DbscanResult dbscan(std::span<const geometry::Coord> xy, std::span<const double> weights,
                    const DbscanOptions& options = {});

// Convex hull (Andrew's monotone chain), counter-clockwise and closed; empty
// for no points, and a closed ring of one or two distinct points as given
// when there are fewer than three non-collinear points.
geometry::Ring convex_hull(std::vector<geometry::Coord> points);

}  // namespace borderflow::hotspots
