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
  std::size_t in_file = 0;                            // features in the file (before the display filter)
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
