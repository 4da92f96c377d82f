#pragma once
// A print-ready static map of an analysis, rendered with Mapnik (the
// renderer behind OpenStreetMap's tiles) through Cairo, as PNG, SVG or PDF:
// the same layers and colours as the interactive map, with a legend, scale
// bar, north arrow, title and attribution drawn around it.
#include <optional>
#include <string>

#include "mapexport/map_data.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::mapexport {

enum class ImageFormat { png, svg, pdf };

struct StaticMapOptions {
  int width = 1600;   // pixels; SVG/PDF: the same number of points (1/72 inch)
  int height = 1200;
  double dpi = 150.0;  // scales symbols and text (96 = one point per pixel)
  std::optional<geometry::Extent> bbox;  // lon/lat; default: the data's focus extent with a margin
  std::string title = "borderflow";
  std::string subtitle;
  std::string attribution = "Borders: Natural Earth";
};

// Renders `gpkg` (and `density_tif` when not empty and present) to `path`
// through a temporary file. Throws OutputError / InputError.
void write_static_map(const std::string& path, ImageFormat format, const std::string& gpkg,
                      const std::string& density_tif, const MapData& data, const StaticMapOptions& options);

// The Mapnik XML style of the map (for tests and for users who want to
// restyle it).
std::string mapnik_xml(const std::string& gpkg, const std::string& density_tif, const MapData& data);

}  // namespace borderflow::mapexport
