#pragma once
// Hot spots on a hexagonal grid: the value of every cell (weighted points in
// it, or weighted route length through it), then Gi* over the cells.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/frontier/frontier.hpp"
#include "engine/geometry/hex_grid.hpp"
#include "engine/hotspots/gi_star.hpp"

namespace borderflow::hotspots {

// A point with a weight (persons or cases) and a group (0 .. groups-1, for a
// breakdown by year, crime, ...). Working CRS, metres.
// Its time step (0 .. steps-1, HexHotspotOptions::steps) for the space-time
// cube of the emerging hot spots; kNoStep when it has none.
inline constexpr std::uint32_t kNoStep = 0xFFFFFFFFu;
struct WeightedPoint {
  geometry::Coord xy;
  double weight = 1.0;
  std::uint32_t group = 0;
  std::uint32_t step = kNoStep;
};
struct WeightedLine {
  geometry::LineString xy;
  double weight = 1.0;
  std::uint32_t group = 0;
  // The record (route) the line belongs to: a cell's `persons` counts each
  // record's weight once however many of its lines cross the cell. Lines of
  // one record must be consecutive; kNoSource makes the line its own record.
  static constexpr std::uint32_t kNoSource = 0xFFFFFFFFu;
  std::uint32_t source = kNoSource;
  std::uint32_t step = kNoStep;
};

// Which cells exist: those touching land (a unit of the frontier, or its land
// layer) plus any cell holding a value, or every cell of the area.
enum class CellDomain { land, all };
std::string_view to_string(CellDomain d) noexcept;

struct HexHotspotOptions {
  double cell_size_m = 0.0;  // centre to centre; 0 = round_nice(sqrt(area / target_cells))
  std::size_t target_cells = 10000;
  CellDomain domain = CellDomain::land;
  std::size_t max_grid_cells = 50'000'000;  // refuse finer grids over the area
  // Time steps of the space-time cube (0 = none): values and persons per
  // cell and step as per group.
  std::size_t steps = 0;
  GiStarOptions gi;
};

struct HexHotspots {
  geometry::HexGrid grid;
  bool cell_size_automatic = false;
  std::vector<geometry::HexCell> cells;  // the cells kept, row-major order
  std::vector<double> value;             // per cell
  std::size_t groups = 1;
  std::vector<double> group_value;  // cell-major: group_value[cell * groups + g]
  // Persons (or cases) behind each value: for points the value itself; for
  // lines the weights of the records that pass through the cell (each once),
  // whatever the length. What --min-count compares with K.
  std::vector<double> persons;
  std::vector<double> group_persons;  // cell-major, as group_value
  std::size_t steps = 0;
  std::vector<double> step_value;    // cell-major: step_value[cell * steps + t]
  std::vector<double> step_persons;  // cell-major, as step_value
  GiStarResult gi;
  double total = 0.0;        // sum of all values in the cells
  std::size_t outside = 0;   // points (or line pieces) outside the area, not counted
};

// `area` is the extent of the area of interest (working CRS). `aoi`, when
// given, keeps only cells whose centre lies in one of its units (and drops
// points outside it). `land` (needed for CellDomain::land) answers which cells
// touch land. Throws std::invalid_argument for a bad cell size, a grid over
// max_grid_cells, or an empty area.
HexHotspots hex_hotspots(const geometry::Extent& area, const frontier::Frontier* aoi, const frontier::Frontier* land,
                         std::span<const WeightedPoint> points, std::span<const WeightedLine> lines,
                         std::size_t groups, const HexHotspotOptions& options);

}  // namespace borderflow::hotspots
