#include "mapexport/maps.hpp"

#include <cstdio>
#include <filesystem>

#include "engine/core/error.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/output_contract.hpp"
#include "mapexport/html_map.hpp"
#include "mapexport/static_map.hpp"

namespace fs = std::filesystem;

namespace borderflow::mapexport {

std::vector<MapWritten> write_maps(const MapRequest& o) {
  if (o.html.empty() && o.png.empty() && o.svg.empty() && o.pdf.empty())
    throw UsageError("give at least one of `html`, `png`, `svg`, `pdf`");
  std::error_code ec;
  if (!fs::is_regular_file(o.input, ec))
    throw InputError(InputLocation(o.input), "no such file", "give the GeoPackage written by borderflow analyze");
  const MapData data = read_map_data(o.input);
  const fs::path in(o.input);
  const std::string tif = !o.density.empty() ? o.density
                          : (in.has_parent_path() ? in.parent_path() / contract::kDensityFile
                                                  : fs::path(contract::kDensityFile)).string();
  if (!o.density.empty() && !fs::is_regular_file(o.density, ec))
    throw InputError(InputLocation(o.density), "no such density raster",
                     "give the density.tif written by analyze, or leave `density` out");
  const auto overlay = read_density_overlay(tif);
  const std::string title = o.title.empty() ? "borderflow: " + in.filename().string() : o.title;
  std::vector<MapWritten> written;
  if (!o.html.empty()) {
    HtmlMapOptions h;
    h.title = title;
    h.subtitle = "Crossings, hot spots and corridors of the recorded routes";
    h.attribution = o.attribution;
    h.tiles = o.tiles;
    write_html_map(o.html, data, overlay, h);
    written.push_back({o.html, "interactive map: " + o.html + " (" + std::to_string(fs::file_size(o.html, ec) / 1024) +
                                   " KiB, works offline)"});
  }
  StaticMapOptions so;
  so.width = o.width;
  so.height = o.height;
  so.dpi = o.dpi;
  so.title = title;
  so.subtitle = "Crossings, hot spots and corridors of the recorded routes";
  so.attribution = o.attribution;
  if (!o.bbox.empty()) {
    geometry::Extent b;
    if (std::sscanf(o.bbox.c_str(), "%lf,%lf,%lf,%lf", &b.min_x, &b.min_y, &b.max_x, &b.max_y) != 4 ||
        !(b.min_x < b.max_x && b.min_y < b.max_y) || b.min_x < -180 || b.max_x > 180 || b.min_y < -85 || b.max_y > 85)
      throw UsageError("`bbox` '" + o.bbox + "': give west,south,east,north in degrees, west < east, south < north, "
                       "latitudes within 85");
    so.bbox = b;
  }
  if (!o.mapnik_xml.empty()) {
    // Absolute paths: Mapnik resolves relative ones against the style's folder.
    geodata::write_file_atomically(
        o.mapnik_xml, mapnik_xml(fs::absolute(o.input).string(), overlay ? fs::absolute(tif).string() : std::string(), data));
    written.push_back({o.mapnik_xml, "Mapnik style: " + o.mapnik_xml});
  }
  const std::pair<const std::string*, ImageFormat> images[] = {
      {&o.png, ImageFormat::png}, {&o.svg, ImageFormat::svg}, {&o.pdf, ImageFormat::pdf}};
  for (const auto& [path, format] : images) {
    if (path->empty()) continue;
    write_static_map(*path, format, o.input, overlay ? tif : std::string(), data, so);
    written.push_back({*path, "static map: " + *path});
  }
  return written;
}

}  // namespace borderflow::mapexport
