#pragma once
// The layers of an analysis output (the contract of DESIGN.md) read back
// for display: features as GeoJSON in EPSG:4326, simplified to the map's
// resolution, with their fields as properties.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/geometry/types.hpp"

namespace borderflow::mapexport {

struct MapLayer {
  std::string name;
  nlohmann::json features = nlohmann::json::array();  // GeoJSON Features
  std::size_t in_file = 0;   // features in the file
  std::size_t eligible = 0;  // after the display filter (hot spot cells), before the cap
  std::string kept_by;       // when capped: which features were kept ("highest flow", ...)
};

struct MapData {
  std::string path;
  std::vector<MapLayer> layers;  // in drawing order (bottom first); absent layers left out
  geometry::Extent extent;       // lon/lat of the crossings and hot spots (or of everything)
  const MapLayer* layer(const std::string& name) const;
};

struct MapDataOptions {
  // Douglas-Peucker tolerance in degrees for lines and polygons; 0 = the
  // extent's larger side / 4000 (finer than a 4000-pixel-wide map).
  double simplify_deg = 0.0;
  int decimals = 5;  // coordinate precision written (1e-5 degrees: about 1 m)
  // At most this many features of a layer are drawn, the most important
  // first (route edges and corridors by flow, crossings by weight, hot spot
  // cells by |z|, border segments by weight; chokepoints: the ranked
  // checkpoints, then minimum-cut edges only when there are few). Keeps the
  // HTML map quick to open on large analyses.
  std::size_t max_features = 5000;
  std::size_t max_min_cut = 300;
};

// Reads `borders`, `hotspot_cells` (only cells with a value or a non-zero
// bin: the rest draws as nothing), `density` (not a vector layer: see
// read_density_overlay), `border_segments`, `route_edges`, `corridors`,
// `crossing_clusters`, `crossings`, `chokepoints`. Throws InputError when
// the file is not a borderflow output (no contract layer in it).
MapData read_map_data(const std::string& gpkg, const MapDataOptions& options = {});

// The kernel density raster warped to Web Mercator and coloured (a ramp from
// transparent through yellow to dark red), as a PNG, with its lon/lat bounds
// for Leaflet's imageOverlay. nullopt when the file does not exist.
struct Overlay {
  std::string png;  // bytes
  double west = 0, south = 0, east = 0, north = 0;
  double max_value = 0;  // per km2, for the legend
};
std::optional<Overlay> read_density_overlay(const std::string& tif, std::size_t max_pixels = 1200);

}  // namespace borderflow::mapexport
