#pragma once
// Reading every input of an analysis once, in lon/lat, and choosing the
// working CRS. The CLI and the Python module both call load_inputs().
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/frontier/border_input.hpp"
#include "engine/routes/gazetteer.hpp"
#include "engine/routes/route.hpp"
#include "geodata/crs.hpp"
#include "geodata/readers.hpp"

namespace borderflow::geodata {

struct LoadOptions {
  std::string borders;     // FILE[:LAYER], required
  std::string routes;      // FILE[:LAYER], required
  std::string places;      // gazetteer, required for itinerary routes
  std::string ports;       // optional
  std::string coast;       // optional land polygons or coastline lines
  std::string border_id;   // --border-id
  std::string where;       // --where, applied to the routes
  std::string assume_crs;  // --assume-crs, for layers without a CRS
  std::string crs;         // --crs, the working CRS; empty = automatic
};

struct LoadedInputs {
  BorderRead borders;
  std::optional<CoastRead> coast;
  routes::Gazetteer places;
  RouteRead routes;
  std::vector<frontier::Port> ports;
  WorkingCrs working_crs;
  geometry::Extent routes_extent;  // lon/lat
  Diagnostics diagnostics;
};

// Throws UsageError when a required input is missing, and whatever the
// readers throw for bad data.
LoadedInputs load_inputs(const LoadOptions& options);

// Counts, CRS, validity and warnings, for reports and summary.json.
nlohmann::json load_report(const LoadOptions& options, const LoadedInputs& inputs);
std::string load_report_text(const LoadedInputs& inputs);

}  // namespace borderflow::geodata
