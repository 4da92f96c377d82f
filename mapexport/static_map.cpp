#include "mapexport/static_map.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <mapnik/cairo/cairo_context.hpp>
#include <mapnik/cairo/cairo_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mutex>

#include "mapexport/html_map.hpp"
#include "engine/core/error.hpp"
#include "geodata/gdal_env.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/output_contract.hpp"

namespace borderflow::mapexport {

namespace {

constexpr double kR = 6378137.0;
constexpr double kPi = 3.14159265358979323846;
double merc_x(double lon) { return lon * kPi / 180.0 * kR; }
double merc_y(double lat) {
  lat = std::clamp(lat, -85.0, 85.0);
  return std::log(std::tan(kPi / 4.0 + lat * kPi / 360.0)) * kR;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// The legend's label of a Gi* bin class: not-significant cells drawn are those with crossings.
std::string bin_legend(const contract::GiBinClass& b) {
  return b.bin == 0 ? std::string(b.label) + " (with crossings)" : std::string(b.label);
}
const char* kSeg[5] = {"#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"};
const char* kCor[5] = {"#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"};

std::string layer_xml(const std::string& name, const std::string& gpkg, const std::string& srs = "epsg:4326") {
  return fmt::format(
      R"X(<Layer name="{0}" srs="{2}"><StyleName>{0}</StyleName><Datasource><Parameter name="type">ogr</Parameter><Parameter name="file">{1}</Parameter><Parameter name="layer">{0}</Parameter></Datasource></Layer>)X",
      name, xml_escape(gpkg), srs);
}

struct Closer {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};

// The density raster's CRS as a PROJ string for Mapnik.
std::string raster_srs(const std::string& tif) {
  std::unique_ptr<GDALDataset, Closer> ds(static_cast<GDALDataset*>(GDALOpen(tif.c_str(), GA_ReadOnly)));
  if (!ds || !ds->GetSpatialRef()) return {};
  char* p = nullptr;
  ds->GetSpatialRef()->exportToProj4(&p);
  std::string s = p ? p : "";
  CPLFree(p);
  return s;
}

double raster_max(const std::string& tif) {
  std::unique_ptr<GDALDataset, Closer> ds(static_cast<GDALDataset*>(GDALOpen(tif.c_str(), GA_ReadOnly)));
  if (!ds) return 0;
  double mm[2] = {0, 0};
  ds->GetRasterBand(1)->ComputeRasterMinMax(FALSE, mm);
  return mm[1];
}

}  // namespace

std::string mapnik_xml(const std::string& gpkg, const std::string& tif, const MapData& data) {
  std::string styles, layers;
  auto has = [&](const char* n) { return data.layer(n) != nullptr; };
  std::error_code ec;
  if (!tif.empty() && std::filesystem::exists(tif, ec)) {
    const std::string srs = raster_srs(tif);
    const double mx = raster_max(tif);
    if (!srs.empty() && mx > 0) {
      styles += fmt::format(
          R"X(<Style name="density"><Rule><RasterSymbolizer opacity="0.85" scaling="bilinear"><RasterColorizer default-mode="linear" default-color="transparent" epsilon="0"><stop value="0" color="rgba(255,255,178,0)"/><stop value="{}" color="rgba(255,255,178,0.3)"/><stop value="{}" color="rgba(253,141,60,0.8)"/><stop value="{}" color="rgba(189,0,38,0.9)"/></RasterColorizer></RasterSymbolizer></Rule></Style>)X",
          mx * 0.02, mx * 0.5, mx);
      layers += fmt::format(
          R"X(<Layer name="density" srs="{}"><StyleName>density</StyleName><Datasource><Parameter name="type">gdal</Parameter><Parameter name="file">{}</Parameter><Parameter name="band">1</Parameter><Parameter name="nodata">-9999</Parameter></Datasource></Layer>)X",
          xml_escape(srs), xml_escape(tif));
    }
  }
  if (has(contract::kHotspotCells)) {
    // Mapnik's OGR plugin reads a null gi_bin as 0: cells without neighbours
    // (isolated, no Gi*) are caught first, grey as on the HTML map.
    std::string rules =
        R"X(<Rule><Filter>[isolated] = 1</Filter><PolygonSymbolizer fill="#cccccc" fill-opacity="0.35"/><LineSymbolizer stroke="#808080" stroke-width="0.3"/></Rule>)X";
    for (int b = -3; b <= 3; ++b) {
      const std::string filter = b == 0 ? "[gi_bin] = 0 and [value] > 0" : fmt::format("[gi_bin] = {}", b);
      rules += fmt::format(
          R"X(<Rule><Filter>{}</Filter><PolygonSymbolizer fill="{}" fill-opacity="{}"/><LineSymbolizer stroke="#808080" stroke-width="0.3"/></Rule>)X",
          xml_escape(filter), contract::gi_bin(b).colour, b == 0 ? 0.45 : 0.8);
    }
    styles += "<Style name=\"hotspot_cells\" filter-mode=\"first\">" + rules + "</Style>";
    layers += layer_xml(contract::kHotspotCells, gpkg);
  }
  if (has(contract::kBorders)) {
    styles += R"X(<Style name="borders"><Rule><Filter>[kind] = 'land'</Filter><LineSymbolizer stroke="#3c3c3c" stroke-width="1.3" stroke-dasharray="6,3"/></Rule><Rule><Filter>[kind] = 'coast'</Filter><LineSymbolizer stroke="#4682b4" stroke-width="0.7"/></Rule></Style>)X";
    layers += layer_xml(contract::kBorders, gpkg);
  }
  if (has(contract::kRouteEdges)) {
    styles += R"X(<Style name="route_edges"><Rule><LineSymbolizer stroke="#8a8a8a" stroke-width="0.6" stroke-opacity="0.7"/></Rule></Style>)X";
    layers += layer_xml(contract::kRouteEdges, gpkg);
  }
  // Classes as on the HTML map and in QGIS: class i holds b[i] < v <= b[i+1]
  // (the first from b[0] on); rules are tried in order and the first that
  // matches draws (filter-mode "first"), the last class takes the rest. Breaks
  // are printed in full (shortest round trip), so no value falls between.
  if (has(contract::kCorridors)) {
    const auto br = property_breaks(*data.layer(contract::kCorridors), "flow", 5);
    std::string rules;
    const std::size_t classes = std::min<std::size_t>(5, br.size() - 1);
    for (std::size_t i = 0; i < classes; ++i) {
      const std::string filter = i + 1 < classes ? fmt::format("<Filter>[flow] &lt;= {}</Filter>", br[i + 1]) : "<ElseFilter/>";
      rules += fmt::format(
          R"X(<Rule>{}<LineSymbolizer stroke="{}" stroke-width="{}" stroke-linecap="round"/></Rule>)X", filter, kCor[i],
          1.2 + 1.4 * static_cast<double>(i));
    }
    styles += "<Style name=\"corridors\" filter-mode=\"first\">" + rules + "</Style>";
    layers += layer_xml(contract::kCorridors, gpkg);
  }
  if (has(contract::kBorderSegments)) {
    const auto br = property_breaks(*data.layer(contract::kBorderSegments), "weight_per_km", 5, true);
    std::string rules = R"X(<Rule><Filter>[weight] &lt;= 0</Filter><LineSymbolizer stroke="#bebebe" stroke-width="0.8"/></Rule>)X";
    const std::size_t classes = std::min<std::size_t>(5, br.size() - 1);
    for (std::size_t i = 0; i < classes; ++i) {
      const std::string filter =
          i + 1 < classes ? fmt::format("<Filter>[weight_per_km] &lt;= {}</Filter>", br[i + 1]) : "<ElseFilter/>";
      rules += fmt::format(R"X(<Rule>{}<LineSymbolizer stroke="{}" stroke-width="{}"/></Rule>)X", filter, kSeg[i],
                           2.5 + static_cast<double>(i));
    }
    styles += "<Style name=\"border_segments\" filter-mode=\"first\">" + rules + "</Style>";
    layers += layer_xml(contract::kBorderSegments, gpkg);
  }
  if (has(contract::kCrossingClusters)) {
    styles += R"X(<Style name="crossing_clusters"><Rule><PolygonSymbolizer fill="#f03b20" fill-opacity="0.2"/><LineSymbolizer stroke="#bd0026" stroke-width="1"/></Rule></Style>)X";
    layers += layer_xml(contract::kCrossingClusters, gpkg);
  }
  if (has(contract::kCrossings)) {
    styles += R"X(<Style name="crossings"><Rule><Filter>[formal] = 1</Filter><MarkersSymbolizer marker-type="ellipse" width="8" height="8" fill="#1a9850" stroke="#0b5d2a" stroke-width="2" allow-overlap="true"/></Rule><Rule><ElseFilter/><MarkersSymbolizer marker-type="ellipse" width="7" height="7" fill="#d73027" stroke="#7f0000" stroke-width="1" allow-overlap="true"/></Rule></Style>)X";
    layers += layer_xml(contract::kCrossings, gpkg);
  }
  if (has(contract::kChokepoints)) {
    styles += R"X(<Style name="chokepoints"><Rule><Filter>[kind] = 'checkpoint'</Filter><MarkersSymbolizer marker-type="ellipse" width="18" height="18" fill="#756bb1" stroke="#ffffff" stroke-width="2" allow-overlap="true"/><TextSymbolizer face-name="DejaVu Sans Bold" size="10" fill="#ffffff" allow-overlap="true" placement="point">[rank]</TextSymbolizer></Rule></Style>)X";
    // Minimum-cut edges only when there are few (as on the HTML map).
    if (data.layer(contract::kChokepoints)->kept_by.empty())
      styles.insert(styles.size() - 8, R"X(<Rule><Filter>[kind] = 'min_cut'</Filter><MarkersSymbolizer marker-type="ellipse" width="6" height="6" fill="#ffffff" stroke="#000000" stroke-width="1" allow-overlap="true"/></Rule>)X");
    layers += layer_xml(contract::kChokepoints, gpkg);
  }
  return R"X(<?xml version="1.0" encoding="utf-8"?>)X"
         "\n<Map srs=\"epsg:3857\" background-color=\"#dde7ef\">" +
         styles + layers + "</Map>\n";
}

namespace {

void register_plugins() {
  static std::once_flag once;
  std::call_once(once, [] {
    mapnik::datasource_cache::instance().register_datasources(BORDERFLOW_MAPNIK_PLUGINS);
    mapnik::freetype_engine::register_fonts(BORDERFLOW_MAPNIK_FONTS, true);
  });
}

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false,
          double r = 0.1, double g = 0.1, double b = 0.1) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_set_source_rgb(cr, r, g, b);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s.c_str());
  cairo_new_path(cr);  // no current point left: the next arc would start with a line from the text's end
}

void rgb(cairo_t* cr, const char* hex, double alpha = 1.0) {
  unsigned v = 0;
  std::sscanf(hex + 1, "%x", &v);
  cairo_set_source_rgba(cr, ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0, alpha);
}

void panel(cairo_t* cr, double x, double y, double w, double h) {
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 1);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

// Title, legend, scale bar, north arrow and attribution over the map.
void decorate(cairo_t* cr, double W, double H, double k, const MapData& data, const StaticMapOptions& o,
              double metres_per_px, double density_max) {
  // Title.
  const double pad = 10 * k;
  panel(cr, pad, pad, std::min(W * 0.6, 520 * k), o.subtitle.empty() ? 34 * k : 52 * k);
  text(cr, pad + 10 * k, pad + 23 * k, o.title, 17 * k, true);
  if (!o.subtitle.empty()) text(cr, pad + 10 * k, pad + 42 * k, o.subtitle, 11 * k);
  // Legend.
  struct Entry {
    enum Kind { box, line, dot, rank, heading, ramp } kind;
    std::string colour, label;
    double size = 1;
  };
  std::vector<Entry> e;
  if (density_max > 0) {
    e.push_back({Entry::heading, "", "Kernel density"});
    e.push_back({Entry::ramp, "", fmt::format("0 - {:.3g} per km2", density_max)});
  }
  if (data.layer(contract::kHotspotCells)) {
    e.push_back({Entry::heading, "", "Hot spot cells (Gi*)"});
    for (int b = 6; b >= 0; --b) e.push_back({Entry::box, contract::kGiBins[b].colour, bin_legend(contract::kGiBins[b])});
    e.push_back({Entry::box, "#e6e6e6", "no neighbours (no Gi*)"});
  }
  if (data.layer(contract::kBorderSegments)) {
    e.push_back({Entry::heading, "", "Border segments, weight per km"});
    const auto br = property_breaks(*data.layer(contract::kBorderSegments), "weight_per_km", 5, true);
    e.push_back({Entry::line, "#bebebe", "no crossings", 1});
    for (std::size_t i = 0; i + 1 < br.size() && i < 5; ++i)
      e.push_back({Entry::line, kSeg[i], fmt::format("{:.3g} - {:.3g}", br[i], br[i + 1]), 2.5 + static_cast<double>(i)});
  }
  if (data.layer(contract::kCorridors)) {
    e.push_back({Entry::heading, "", "Corridors, flow"});
    const auto br = property_breaks(*data.layer(contract::kCorridors), "flow", 5);
    for (std::size_t i = 0; i + 1 < br.size() && i < 5; ++i)
      e.push_back({Entry::line, kCor[i], fmt::format("{:.3g} - {:.3g}", br[i], br[i + 1]), 1.2 + 1.4 * static_cast<double>(i)});
  }
  if (data.layer(contract::kCrossings)) {
    e.push_back({Entry::heading, "", "Crossings"});
    e.push_back({Entry::dot, "#1a9850", "formal (at a port of entry)"});
    e.push_back({Entry::dot, "#d73027", "informal"});
  }
  if (data.layer(contract::kChokepoints)) {
    e.push_back({Entry::rank, "#756bb1", "checkpoint, by rank"});
    if (data.layer(contract::kChokepoints)->kept_by.empty()) e.push_back({Entry::dot, "#ffffff", "edge of the minimum cut"});
  }
  if (data.layer(contract::kCrossingClusters)) e.push_back({Entry::box, "#f8b4a5", "cluster of crossings"});
  if (data.layer(contract::kRouteEdges)) e.push_back({Entry::line, "#8a8a8a", "route edge", 0.8});
  e.push_back({Entry::line, "#3c3c3c", "land border (dashed)", 1.3});
  e.push_back({Entry::line, "#4682b4", "coastline", 0.7});
  // At a high dpi on a small image the legend would not fit: shrink it (and
  // only it) to 70 % of the height.
  const double fit = std::min(1.0, 0.7 * H / ((15.0 * static_cast<double>(e.size()) + 12.0) * k));
  const double kl = k * fit;
  const double row = 15 * kl, lw = 230 * kl;
  const double lh = row * static_cast<double>(e.size()) + 12 * kl;
  const double lx = W - lw - pad, ly = std::max(pad, H - lh - pad - 16 * k);
  panel(cr, lx, ly, lw, lh);
  double y = ly + 6 * kl;
  for (const auto& it : e) {
    const double cy = y + row / 2;
    switch (it.kind) {
      case Entry::heading: text(cr, lx + 8 * kl, cy + 4 * kl, it.label, 10.5 * kl, true); break;
      case Entry::box:
        rgb(cr, it.colour.c_str(), 0.85);
        cairo_rectangle(cr, lx + 10 * kl, cy - 5 * kl, 16 * kl, 10 * kl);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr, 0.6 * kl);
        cairo_stroke(cr);
        break;
      case Entry::line:
        rgb(cr, it.colour.c_str());
        cairo_set_line_width(cr, it.size * kl);
        cairo_move_to(cr, lx + 8 * kl, cy);
        cairo_line_to(cr, lx + 28 * kl, cy);
        cairo_stroke(cr);
        break;
      case Entry::dot:
        rgb(cr, it.colour.c_str());
        cairo_arc(cr, lx + 18 * kl, cy, 4 * kl, 0, 2 * kPi);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_set_line_width(cr, 0.8 * kl);
        cairo_stroke(cr);
        break;
      case Entry::ramp: {
        cairo_pattern_t* g = cairo_pattern_create_linear(lx + 8 * kl, 0, lx + 28 * kl, 0);
        cairo_pattern_add_color_stop_rgba(g, 0.0, 1.0, 1.0, 178 / 255.0, 0.3);
        cairo_pattern_add_color_stop_rgba(g, 0.5, 253 / 255.0, 141 / 255.0, 60 / 255.0, 0.8);
        cairo_pattern_add_color_stop_rgba(g, 1.0, 189 / 255.0, 0.0, 38 / 255.0, 0.9);
        cairo_set_source(cr, g);
        cairo_rectangle(cr, lx + 8 * kl, cy - 5 * kl, 20 * kl, 10 * kl);
        cairo_fill(cr);
        cairo_pattern_destroy(g);
        break;
      }
      case Entry::rank:
        rgb(cr, it.colour.c_str());
        cairo_arc(cr, lx + 18 * kl, cy, 6.5 * kl, 0, 2 * kPi);
        cairo_fill(cr);
        text(cr, lx + 15 * kl, cy + 3.5 * kl, "1", 9 * kl, true, 1, 1, 1);
        break;
    }
    if (it.kind != Entry::heading) text(cr, lx + 36 * kl, cy + 4 * kl, it.label, 10 * kl);
    y += row;
  }
  // Scale bar: a round length about a fifth of the width.
  const double target = metres_per_px * W / 5.0;
  const double p10 = std::pow(10.0, std::floor(std::log10(target)));
  const double nice = target / p10 < 2 ? p10 : target / p10 < 5 ? 2 * p10 : 5 * p10;
  const double bar = nice / metres_per_px;
  const double sx = pad + 10 * k, sy = H - pad - 28 * k;
  panel(cr, pad, sy - 16 * k, bar + 40 * k, 30 * k);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_rectangle(cr, sx, sy, bar, 5 * k);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, sx + bar / 2, sy + 1 * k, bar / 2 - 1 * k, 3 * k);
  cairo_fill(cr);
  text(cr, sx, sy - 4 * k, nice >= 1000 ? fmt::format("{:.0f} km", nice / 1000) : fmt::format("{:.0f} m", nice), 10 * k);
  // North arrow (Web Mercator: north is up).
  const double nx = W - pad - 22 * k, ny = pad + 10 * k;
  panel(cr, nx - 18 * k, ny - 4 * k, 36 * k, 50 * k);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_move_to(cr, nx, ny + 14 * k);
  cairo_line_to(cr, nx - 8 * k, ny + 40 * k);
  cairo_line_to(cr, nx, ny + 34 * k);
  cairo_line_to(cr, nx + 8 * k, ny + 40 * k);
  cairo_close_path(cr);
  cairo_fill(cr);
  text(cr, nx - 5 * k, ny + 11 * k, "N", 12 * k, true);
  // Attribution.
  text(cr, pad, H - 6 * k, o.attribution + " | borderflow, rendered with Mapnik", 9 * k, false, 0.25, 0.25, 0.25);
}

}  // namespace

void write_static_map(const std::string& path, ImageFormat format, const std::string& gpkg, const std::string& tif,
                      const MapData& data, const StaticMapOptions& o) {
  geodata::ensure_gdal();
  register_plugins();
  const std::string xml = mapnik_xml(gpkg, tif, data);
  std::error_code fe;
  const double density_max = !tif.empty() && std::filesystem::exists(tif, fe) ? raster_max(tif) : 0.0;
  mapnik::Map m(o.width, o.height);
  try {
    mapnik::load_map_string(m, xml, true);
  } catch (const std::exception& e) {
    throw OutputError(path, std::string("Mapnik cannot load the map style: ") + e.what());
  }
  // Extent: the bbox, or the focus extent with a margin, widened to the
  // image's aspect ratio.
  geometry::Extent b = o.bbox ? *o.bbox : data.extent;
  if (!o.bbox) {
    // 6 % each side, 14 % more at the top for the title panel.
    const double mx = std::max(0.2, (b.max_x - b.min_x) * 0.06), my = std::max(0.2, (b.max_y - b.min_y) * 0.06);
    b = {b.min_x - mx, b.min_y - my, b.max_x + mx, std::min(85.0, b.max_y + my + (b.max_y - b.min_y) * 0.14)};
  }
  mapnik::box2d<double> box(merc_x(b.min_x), merc_y(b.min_y), merc_x(b.max_x), merc_y(b.max_y));
  m.zoom_to_box(box);
  // Ground metres per pixel at the latitude of the map's centre (Mercator
  // scale is 1/cos(latitude)).
  const double centre_lat = std::atan(std::sinh(m.get_current_extent().center().y / kR));
  const double metres_per_px = m.get_current_extent().width() / o.width * std::cos(centre_lat);
  const double k = o.dpi / 96.0;       // decoration scale
  const double scale = o.dpi / 90.7;  // Mapnik symbol scale (0.28 mm pixels)
  geodata::AtomicOutput out(path);  // removed unless committed below
  const std::string& tmp = out.temp_path();
  try {
    cairo_surface_t* raw = nullptr;
    const double W = o.width, H = o.height;
    switch (format) {
      case ImageFormat::png: raw = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, o.width, o.height); break;
      case ImageFormat::svg: raw = cairo_svg_surface_create(tmp.c_str(), W, H); break;
      case ImageFormat::pdf: raw = cairo_pdf_surface_create(tmp.c_str(), W, H); break;
    }
    mapnik::cairo_surface_ptr surface(raw, mapnik::cairo_surface_closer());
    if (cairo_surface_status(raw) != CAIRO_STATUS_SUCCESS)
      throw OutputError(path, std::string("cannot create the image: ") + cairo_status_to_string(cairo_surface_status(raw)));
    mapnik::cairo_ptr cr = mapnik::create_context(surface);
    mapnik::cairo_renderer<mapnik::cairo_ptr> ren(m, cr, scale);
    ren.apply();
    decorate(cr.get(), W, H, k, data, o, metres_per_px, density_max);
    cairo_surface_flush(raw);
    if (format == ImageFormat::png && cairo_surface_write_to_png(raw, tmp.c_str()) != CAIRO_STATUS_SUCCESS)
      throw OutputError(path, "cannot write the PNG", "check the folder is writable and has free space");
    cr.reset();
    cairo_surface_finish(raw);  // writes the end of an SVG/PDF
    if (cairo_surface_status(raw) != CAIRO_STATUS_SUCCESS)
      throw OutputError(path, std::string("writing the map failed: ") + cairo_status_to_string(cairo_surface_status(raw)),
                        "check free disk space");
    surface.reset();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw OutputError(path, std::string("rendering the map failed: ") + e.what());
  }
  out.commit();
}

}  // namespace borderflow::mapexport
