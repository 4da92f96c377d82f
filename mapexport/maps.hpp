#pragma once
// The maps of an analysis GeoPackage in one call (the `map` command, `demo`
// and the bindings): an interactive HTML map and static PNG/SVG/PDF maps.
#include <string>
#include <vector>

namespace borderflow::mapexport {

struct MapRequest {
  std::string input;    // the GeoPackage of analyze/demo
  std::string density;  // GeoTIFF; empty = density.tif beside the input, when present
  std::string html;     // interactive map
  std::string png, svg, pdf;  // static maps
  std::string mapnik_xml;     // also write the Mapnik style used, for restyling
  int width = 1600;
  int height = 1200;
  double dpi = 150.0;
  std::string bbox;  // "west,south,east,north"; empty = crossings and hot spots with a margin
  std::string title;
  std::string attribution = "Borders: Natural Earth";
  bool tiles = true;
};

struct MapWritten {
  std::string path;
  std::string description;  // "interactive map: map.html (245 KiB, works offline)"
};

// Writes every map asked for, each atomically. Throws UsageError (nothing
// asked for, a bad bbox), InputError (no such GeoPackage or density raster),
// OutputError.
std::vector<MapWritten> write_maps(const MapRequest& request);

}  // namespace borderflow::mapexport
