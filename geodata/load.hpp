#pragma once
// Reading every input of an analysis once, in lon/lat, and choosing the
// working CRS. The CLI and the Python module both call load_inputs().
#include <functional>
#include <map>
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
  // --confidence-weight: each route's weight times its confidence (0..1), in
  // every analysis. Routes without a confidence keep their weight (warned);
  // routes of confidence 0 carry no weight and are left out (warned).
  bool confidence_weight = false;
  int threads = 0;         // for the repair of the borders (0 = all cores)
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
  // The frontier cache (pipeline/frontier_cache.hpp): the key of the borders'
  // entry ("" without a cache), and what the cache did, by entry (borders,
  // frontier: hit, stored, off, ...), for summary.json.
  std::string borders_cache_key;
  std::map<std::string, std::string> cache;
};

// Reads the borders layer: read_borders, or (the pipeline's frontier cache)
// a reader that may answer from a cache and must then replay the warnings
// the read gave into `diagnostics`.
using BorderReader =
    std::function<BorderRead(const std::string& spec, const BorderReadOptions& options, Diagnostics& diagnostics)>;

// Throws UsageError when a required input is missing, and whatever the
// readers throw for bad data.
LoadedInputs load_inputs(const LoadOptions& options, const BorderReader& read = {});

// Counts, CRS, validity and warnings, for reports and summary.json.
nlohmann::json load_report(const LoadOptions& options, const LoadedInputs& inputs);
std::string load_report_text(const LoadedInputs& inputs);

}  // namespace borderflow::geodata
