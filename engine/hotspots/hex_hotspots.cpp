#include "engine/hotspots/hex_hotspots.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/hotspots/detail/parallel.hpp"
#include "engine/hotspots/kernel_density.hpp"

namespace borderflow::hotspots {

std::string_view to_string(CellDomain d) noexcept { return d == CellDomain::all ? "all" : "land"; }

HexHotspots hex_hotspots(const geometry::Extent& area, const frontier::Frontier* aoi, const frontier::Frontier* land,
                         std::span<const WeightedPoint> points, std::span<const WeightedLine> lines,
                         std::size_t groups, const HexHotspotOptions& o) {
  if (area.empty()) throw std::invalid_argument("hot spot grid: the area of interest is empty");
  if (o.domain == CellDomain::land && land == nullptr)
    throw std::invalid_argument("hot spot grid: cells on land need the land (frontier)");
  if (groups == 0) groups = 1;
  HexHotspots h;
  h.groups = groups;
  double s = o.cell_size_m;
  if (s < 0.0 || !std::isfinite(s)) throw std::invalid_argument("hot spot grid: the cell size must be a positive number of metres");
  if (s == 0.0) {
    h.cell_size_automatic = true;
    const double a = std::max(area.max_x - area.min_x, 1.0) * std::max(area.max_y - area.min_y, 1.0);
    s = round_nice(std::sqrt(a / static_cast<double>(std::max<std::size_t>(o.target_cells, 1))));
  }
  // Estimate before allocating: rows * cols of the grid over the area.
  const double est = ((area.max_y - area.min_y) / (s * 0.8660254037844386) + 4.0) * ((area.max_x - area.min_x) / s + 4.0);
  if (est > static_cast<double>(o.max_grid_cells))
    throw std::invalid_argument("hot spot grid: cells of " + std::to_string(s) + " m give about " +
                                std::to_string(static_cast<long long>(est)) +
                                " cells over the area; choose a larger cell size");
  h.grid = geometry::HexGrid(area, s);
  const geometry::HexGrid& grid = h.grid;
  const std::size_t n = grid.size();
  std::vector<double> acc(n * groups, 0.0);
  const std::size_t steps = o.steps;
  h.steps = steps;
  std::vector<double> acc_step(n * steps, 0.0);
  std::vector<frontier::Frontier::Scratch> scratch(1);
  std::vector<std::uint32_t> units;
  auto in_aoi = [&](geometry::Coord p, frontier::Frontier::Scratch& sc, std::vector<std::uint32_t>& u) {
    if (!aoi) return true;
    aoi->classify(p, u, sc);
    return !u.empty();
  };
  for (const auto& p : points) {
    const auto c = grid.cell_of(p.xy);
    if (!c || p.group >= groups || !in_aoi(p.xy, scratch[0], units)) {
      ++h.outside;
      continue;
    }
    acc[grid.index(*c) * groups + p.group] += p.weight;
    if (p.step < steps) acc_step[grid.index(*c) * steps + p.step] += p.weight;
  }
  // Persons per cell and group: for points the weights in acc; lines add each
  // record's weight once per cell they pass. Kept apart only when there are lines.
  std::vector<double> line_persons;
  std::vector<double> line_step_persons;
  if (!lines.empty()) {
    line_persons = acc;
    line_step_persons = acc_step;
  }
  const std::vector<double>& persons = lines.empty() ? acc : line_persons;
  const std::vector<double>& step_persons = lines.empty() ? acc_step : line_step_persons;
  // The last record counted in each cell (0 = none): a record's lines are
  // consecutive, so each record's weight counts once per cell.
  std::vector<std::uint32_t> last_record(lines.empty() ? 0 : n, 0);
  std::uint32_t record = 0;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const WeightedLine& l = lines[li];
    if (li == 0 || l.source == WeightedLine::kNoSource || l.source != lines[li - 1].source) ++record;
    if (l.group >= groups) {
      ++h.outside;
      continue;
    }
    for (std::size_t k = 1; k < l.xy.size(); ++k) {
      const geometry::Coord a = l.xy[k - 1], b = l.xy[k];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      if (!(len > 0.0)) continue;
      // Candidate cells: those whose centre lies within a circumradius of the
      // segment's box.
      const double R = s / 1.7320508075688772 + 1e-9;
      const auto lo = grid.cell_of({std::min(a.x, b.x) - R, std::min(a.y, b.y) - R});
      const auto hi = grid.cell_of({std::max(a.x, b.x) + R, std::max(a.y, b.y) + R});
      const std::int32_t r0 = lo ? std::max(0, lo->row - 1) : 0;
      const std::int32_t r1 = hi ? std::min(grid.rows() - 1, hi->row + 1) : grid.rows() - 1;
      const std::int32_t c0 = lo ? std::max(0, lo->col - 1) : 0;
      const std::int32_t c1 = hi ? std::min(grid.cols() - 1, hi->col + 1) : grid.cols() - 1;
      double inside = 0.0;
      for (std::int32_t r = r0; r <= r1; ++r)
        for (std::int32_t c = c0; c <= c1; ++c) {
          const geometry::HexCell cell{r, c};
          const double part = geometry::clipped_length(a, b, grid.corners(cell));
          if (part <= 0.0) continue;
          if (aoi && !in_aoi(grid.center(cell), scratch[0], units)) continue;
          const std::size_t ci = grid.index(cell);
          acc[ci * groups + l.group] += part * l.weight;
          if (l.step < steps) acc_step[ci * steps + l.step] += part * l.weight;
          if (last_record[ci] != record) {
            last_record[ci] = record;
            line_persons[ci * groups + l.group] += l.weight;
            if (l.step < steps) line_step_persons[ci * steps + l.step] += l.weight;
          }
          inside += part;
        }
      if (inside < len * (1.0 - 1e-9)) ++h.outside;
    }
  }
  // Cells kept: in the area of interest, and on land (centre or a corner) or
  // holding a value.
  std::vector<char> keep(n, 0);
  const int nt = detail::thread_count(o.gi.threads);
#pragma omp parallel num_threads(nt)
  {
    frontier::Frontier::Scratch sc;
    std::vector<std::uint32_t> u;
#pragma omp for schedule(dynamic, 256)
    for (std::size_t i = 0; i < n; ++i) {
      const geometry::HexCell c = grid.cell(i);
      double v = 0.0;
      for (std::size_t g = 0; g < groups; ++g) v += acc[i * groups + g];
      const geometry::Coord centre = grid.center(c);
      if (!in_aoi(centre, sc, u)) continue;
      if (v != 0.0 || o.domain == CellDomain::all) {
        keep[i] = 1;
        continue;
      }
      bool on_land = false;
      land->classify(centre, u, sc, &on_land);
      if (!on_land)
        for (const auto& k : grid.corners(c)) {
          land->classify(k, u, sc, &on_land);
          if (on_land) break;
        }
      keep[i] = on_land ? 1 : 0;
    }
  }
  std::vector<geometry::Coord> centres;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    h.cells.push_back(grid.cell(i));
    centres.push_back(grid.center(grid.cell(i)));
    double v = 0.0, who = 0.0;
    for (std::size_t g = 0; g < groups; ++g) {
      v += acc[i * groups + g];
      who += persons[i * groups + g];
      h.group_value.push_back(acc[i * groups + g]);
      h.group_persons.push_back(persons[i * groups + g]);
    }
    for (std::size_t t = 0; t < steps; ++t) {
      h.step_value.push_back(acc_step[i * steps + t]);
      h.step_persons.push_back(step_persons[i * steps + t]);
    }
    h.value.push_back(v);
    h.persons.push_back(who);
    h.total += v;
  }
  h.gi = gi_star(h.value, centres, o.gi);
  return h;
}

}  // namespace borderflow::hotspots
