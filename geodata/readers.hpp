#pragma once
// Readers: any OGR vector source -> engine values in lon/lat (EPSG:4326).
//
// Every reader throws InputError (or CrsError / GeometryError) naming the
// file, the layer and the feature or CSV line, what is wrong and what to do.
// Warnings (repaired geometries, inconsistent legs) go to Diagnostics.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/frontier/border_input.hpp"
#include "engine/routes/gazetteer.hpp"
#include "engine/routes/route.hpp"

namespace borderflow::geodata {

struct ReadOptions {
  std::string where;       // OGR SQL attribute filter ("" = none)
  std::string assume_crs;  // CRS for layers that carry none ("" = such a layer is an error)
};

// What was checked and repaired while reading a layer.
struct ValidityReport {
  std::size_t features = 0;   // features read
  std::size_t repaired = 0;   // invalid polygons repaired with GEOS MakeValid
  std::vector<std::string> notes;  // "feature 12 (Bangladesh): Self-intersection[...]", first 20
  void merge(const ValidityReport& other);
};

struct BorderReadOptions : ReadOptions {
  // Field holding the unit id. Empty: the first of iso_a3, adm0_a3, a3, iso3,
  // gid_0, shapegroup, id, name, admin present in the layer.
  std::string id_field;
  int threads = 0;  // features repaired in parallel (0 = all cores); the result does not depend on it
};

struct BorderRead {
  frontier::BorderInput input;
  std::string id_field;    // the field used
  std::string source_crs;  // the layer's CRS as read
  ValidityReport validity;
};

// Borders: a polygon layer of units (one feature per unit; several features
// with the same id are merged), or a line layer with country_a/country_b
// fields (country_b empty for coastline).
BorderRead read_borders(const std::string& spec, const BorderReadOptions& options, Diagnostics& diagnostics);

// An explicit coast: land polygons (any fields) or coastline lines.
struct CoastRead {
  geometry::MultiPolygon land;   // lon/lat
  geometry::MultiLineString lines;
  std::string source_crs;
  ValidityReport validity;
};
CoastRead read_coast(const std::string& spec, const ReadOptions& options, Diagnostics& diagnostics);

// Places gazetteer: fields name, aliases ('|' or ';' separated), lon/lat
// (or longitude/latitude, x/y) or a point geometry, kind, country. Text
// tables are lon/lat degrees by definition.
routes::Gazetteer read_places(const std::string& spec, const ReadOptions& options);

struct RouteRead {
  std::vector<routes::Route> routes;
  std::string form;        // "lines" or "itinerary"
  std::string source_crs;  // for line layers
  std::size_t legs = 0;
  std::size_t features = 0;
};

// Routes as a line layer (one feature per route or per leg; legs of one route
// share route_id and are ordered by a leg/seq field when present) or as an
// itinerary table (field itinerary, optional modes), which needs `places`.
RouteRead read_routes(const std::string& spec, const ReadOptions& options, const routes::Gazetteer* places,
                      Diagnostics& diagnostics);

// Ports of entry: point layer or table with name, country, kind and lon/lat.
std::vector<frontier::Port> read_ports(const std::string& spec, const ReadOptions& options);

// Incidents counted by the hot spot cells (--incidents): a point layer or a
// table with lon/lat. `weight_field` (empty: "weight" when present, else 1
// each) must hold positive numbers; `group_field` (the --by field, may be
// absent from the layer) gives each incident its group.
struct IncidentRead {
  std::vector<geometry::Coord> lonlat;
  std::vector<double> weight;
  std::vector<std::string> group;
  std::vector<std::string> time;  // the time field's values; empty without a time field
  std::string weight_field;  // the field used, "" for 1 each
};
// `time_field` (may be absent from the layer, or empty) gives each incident its time.
IncidentRead read_incidents(const std::string& spec, const ReadOptions& options, const std::string& weight_field,
                            const std::string& group_field, const std::string& time_field = {});

// An area of interest (--aoi): the union of the polygons of a layer, lon/lat.
geometry::MultiPolygon read_area(const std::string& spec, const ReadOptions& options, Diagnostics& diagnostics);

}  // namespace borderflow::geodata
