#include "geodata/styles.hpp"

#include "geodata/output_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace borderflow::geodata {

namespace {

struct Rgb {
  int r, g, b;
  std::string text(int a = 255) const { return fmt::format("{},{},{},{}", r, g, b, a); }
};

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string option(const std::string& name, const std::string& value) {
  return fmt::format(R"(<Option name="{}" value="{}" type="QString"/>)", name, xml_escape(value));
}

// Symbols: fill (polygon), line, marker (point).
// outline_mm 0: no outline (QGIS draws width 0 as a hairline, so the style says "no").
std::string fill_symbol(const std::string& name, Rgb fill, int fill_alpha, Rgb outline, double outline_mm) {
  return fmt::format(
      R"(<symbol type="fill" name="{}" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">{}{}{}{}{}{}</Option></layer></symbol>)",
      name, option("color", fill.text(fill_alpha)), option("outline_color", outline.text()),
      option("outline_width", fmt::format("{}", outline_mm)), option("outline_width_unit", "MM"),
      option("outline_style", outline_mm > 0 ? "solid" : "no"), option("style", fill_alpha == 0 ? "no" : "solid"));
}

std::string line_symbol(const std::string& name, Rgb color, double width_mm, const std::string& style = "solid") {
  return fmt::format(
      R"(<symbol type="line" name="{}" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleLine" enabled="1" locked="0" pass="0"><Option type="Map">{}{}{}{}{}</Option></layer></symbol>)",
      name, option("line_color", color.text()), option("line_width", fmt::format("{}", width_mm)),
      option("line_width_unit", "MM"), option("line_style", style), option("capstyle", "round"));
}

std::string marker_symbol(const std::string& name, Rgb color, double size_mm, const std::string& shape) {
  return fmt::format(
      R"(<symbol type="marker" name="{}" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">{}{}{}{}{}{}</Option></layer></symbol>)",
      name, option("color", color.text()), option("name", shape), option("size", fmt::format("{}", size_mm)),
      option("size_unit", "MM"), option("outline_color", "35,35,35,255"), option("outline_width", "0.2"));
}

std::string document(const std::string& renderer, const std::string& labeling = {}) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
         std::string(labeling.empty() ? "0" : "1") + "\">\n" + renderer + "\n" + labeling + "\n</qgis>\n";
}

struct Category {
  std::string value;  // "" for the default (all other values)
  std::string label;
  std::string symbol;  // a <symbol> with name = index
};

std::string categorized(const std::string& attr, const std::vector<Category>& cats) {
  std::string c, s;
  for (std::size_t i = 0; i < cats.size(); ++i) {
    c += fmt::format(R"(<category symbol="{}" value="{}" label="{}" render="true"/>)", i, xml_escape(cats[i].value),
                     xml_escape(cats[i].label));
    s += cats[i].symbol;
  }
  return fmt::format(
      R"(<renderer-v2 type="categorizedSymbol" attr="{}" symbollevels="0" enableorderby="0" forceraster="0"><categories>{}</categories><symbols>{}</symbols></renderer-v2>)",
      xml_escape(attr), c, s);
}

std::string single(const std::string& symbol) {
  return fmt::format(R"(<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>{}</symbols></renderer-v2>)",
                     symbol);
}

// Graduated: one symbol per class made by `make(i, classes)`.
template <typename Make>
std::string graduated(const std::string& attr, const std::vector<double>& breaks, Make&& make, const std::string& unit) {
  if (breaks.size() < 2) return single(make(0, 1, "0"));
  std::string r, s;
  const std::size_t classes = breaks.size() - 1;
  for (std::size_t i = 0; i < classes; ++i) {
    r += fmt::format(R"(<range symbol="{}" lower="{}" upper="{}" label="{:.3g} - {:.3g}{}" render="true"/>)", i,
                     breaks[i], breaks[i + 1], breaks[i], breaks[i + 1], unit);
    s += make(i, classes, std::to_string(i));
  }
  return fmt::format(
      R"(<renderer-v2 type="graduatedSymbol" attr="{}" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0"><ranges>{}</ranges><symbols>{}</symbols></renderer-v2>)",
      attr, r, s);
}

std::string labels(const std::string& field, double size_pt) {
  return fmt::format(
      R"(<labeling type="simple"><settings calloutType="simple"><text-style fieldName="{}" isExpression="0" fontFamily="Sans Serif" fontSize="{}" fontSizeUnit="Point" fontWeight="75" textColor="0,0,0,255" textOpacity="1" namedStyle="Bold"><text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="1"/></text-style><placement placement="0" dist="1.5" distUnits="MM" priority="9"/><rendering obstacle="1" displayAll="1" upsidedownLabels="0"/></settings></labeling>)",
      field, size_pt);
}

Rgb lerp(Rgb a, Rgb b, double t) {
  return {static_cast<int>(std::lround(a.r + (b.r - a.r) * t)), static_cast<int>(std::lround(a.g + (b.g - a.g) * t)),
          static_cast<int>(std::lround(a.b + (b.b - a.b) * t))};
}

}  // namespace

std::vector<double> quantile_breaks(std::vector<double> v, std::size_t classes) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty() || classes == 0) return {};
  std::sort(v.begin(), v.end());
  std::vector<double> b{v.front()};
  for (std::size_t i = 1; i <= classes; ++i) {
    const double q = v[std::min(v.size() - 1, (v.size() - 1) * i / classes)];
    if (q > b.back()) b.push_back(q);
  }
  if (b.size() == 1) b.push_back(b.front());
  return b;
}

std::string layer_qml(const std::string& layer, const StyleData& d) {
  const Rgb grey{128, 128, 128};
  if (layer == contract::kHotspotCells) {
    // ArcGIS's hot spot colours: blue (cold) - pale yellow - red (hot).
    std::vector<Category> cats;
    for (std::size_t i = 0; i < contract::kGiBins.size(); ++i) {
      const contract::GiBinClass& b = contract::kGiBins[i];
      cats.push_back({std::to_string(b.bin), b.bin == 0 ? std::string(b.label) : std::string(b.label) + " confidence",
                      fill_symbol(std::to_string(i), {b.r, b.g, b.b}, b.bin == 0 ? 90 : 200, grey, 0.1)});
    }
    cats.push_back({"", contract::kNoNeighboursLabel, fill_symbol("7", {200, 200, 200}, 0, grey, 0.1)});
    return document(categorized("gi_bin", cats));
  }
  if (layer == contract::kBorderSegments) {
    // Segments without crossings in a class of their own (thin grey); the
    // others in quantile classes of their weight per km, from 0.
    std::vector<double> positive;
    for (double v : d.segment_weight_per_km)
      if (v > 0) positive.push_back(v);
    auto br = quantile_breaks(positive, 5);
    if (!br.empty()) br.front() = 0.0;
    std::string r = R"(<range symbol="0" lower="0" upper="0" label="no crossings" render="true"/>)";
    std::string sy = line_symbol("0", {190, 190, 190}, 0.3);
    for (std::size_t i = 0; i + 1 < br.size(); ++i) {
      const double t = br.size() > 2 ? static_cast<double>(i) / static_cast<double>(br.size() - 2) : 1.0;
      r += fmt::format(R"(<range symbol="{}" lower="{}" upper="{}" label="{:.3g} - {:.3g} per km" render="true"/>)",
                       i + 1, br[i], br[i + 1], br[i], br[i + 1]);
      sy += line_symbol(std::to_string(i + 1), lerp({254, 217, 118}, {189, 0, 38}, t), 0.6 + 1.8 * t);
    }
    return document(fmt::format(
        R"(<renderer-v2 type="graduatedSymbol" attr="weight_per_km" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0"><ranges>{}</ranges><symbols>{}</symbols></renderer-v2>)",
        r, sy));
  }
  if (layer == contract::kCorridors || layer == contract::kRouteEdges) {
    const auto br = quantile_breaks(layer == contract::kCorridors ? d.corridor_flow : d.edge_flow, 5);
    const bool cor = layer == contract::kCorridors;
    return document(graduated(
        "flow", br,
        [cor](std::size_t i, std::size_t n, const std::string& name) {
          const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 1.0;
          return cor ? line_symbol(name, lerp({158, 202, 225}, {8, 69, 148}, t), 0.5 + 3.0 * t)
                     : line_symbol(name, lerp({189, 189, 189}, {82, 82, 82}, t), 0.2 + 1.2 * t);
        },
        ""));
  }
  if (layer == contract::kCrossings)
    // Booleans are classified through an expression: QGIS reads GeoPackage
    // booleans as true/false, not 1/0.
    return document(categorized(R"(CASE WHEN "formal" THEN 'formal' ELSE 'informal' END)",
                                {{"formal", "Formal (at a port of entry)", marker_symbol("0", {26, 152, 80}, 2.4, "square")},
                                 {"informal", "Informal", marker_symbol("1", {215, 48, 39}, 2.6, "triangle")},
                                 {"", "Other", marker_symbol("2", grey, 2.0, "circle")}}));
  if (layer == contract::kChokepoints)
    return document(categorized("kind", {{"checkpoint", "Checkpoint (ranked)", marker_symbol("0", {117, 107, 177}, 4.0, "star")},
                                         {"min_cut", "Minimum cut", marker_symbol("1", {0, 0, 0}, 2.5, "cross2")},
                                         {"", "Other", marker_symbol("2", grey, 2.0, "circle")}}),
                    labels("rank", 9));
  if (layer == contract::kBorders)
    return document(categorized("kind", {{"land", "Land border", line_symbol("0", {60, 60, 60}, 0.7, "dash")},
                                         {"coast", "Coastline", line_symbol("1", {70, 130, 180}, 0.4)},
                                         {"", "Other", line_symbol("2", grey, 0.3)}}));
  if (layer == contract::kRouteNodes)
    return document(categorized(R"(CASE WHEN "is_articulation" THEN 'articulation' ELSE 'place' END)",
                                {{"articulation", "Articulation point", marker_symbol("0", {230, 85, 13}, 2.2, "diamond")},
                                 {"place", "Place", marker_symbol("1", {255, 255, 255}, 1.6, "circle")},
                                 {"", "Other", marker_symbol("2", grey, 1.4, "circle")}}));
  if (layer == contract::kCrossingClusters)
    return document(single(fill_symbol("0", {240, 59, 32}, 50, {189, 0, 38}, 0.5)));
  if (layer == contract::kEmergingHotspots) {
    // The patterns filled; "no pattern detected" neither filled nor outlined,
    // so that the patterns read over the other layers; withheld rows (null
    // category) a faint outline.
    std::vector<Category> cats;
    for (std::size_t i = 0; i < contract::kEmergingClasses.size(); ++i) {
      const auto& c = contract::kEmergingClasses[i];
      std::string label = c.category;
      label[0] = static_cast<char>(label[0] - 'a' + 'A');
      const bool none = std::string_view(c.category) == "no pattern detected";
      cats.push_back({c.category, label,
                      fill_symbol(std::to_string(i), {c.r, c.g, c.b}, none ? 0 : 210, none ? Rgb{0, 0, 0} : grey,
                                  none ? 0.0 : 0.1)});
    }
    cats.push_back({"", "Withheld (small counts)",
                    fill_symbol(std::to_string(cats.size()), {200, 200, 200}, 0, {160, 160, 160}, 0.1)});
    return document(categorized("category", cats));
  }
  return {};
}

bool write_layer_styles(OutputDataset& out, const std::vector<std::string>& layers, const StyleData& data,
                        const std::string& driver) {
  if (driver != "GPKG") return false;
  LayerWriter& t = out.create_layer(
      "layer_styles", GeometryType::none,
      {{"f_table_catalog", FieldType::text}, {"f_table_schema", FieldType::text}, {"f_table_name", FieldType::text},
       {"f_geometry_column", FieldType::text}, {"styleName", FieldType::text}, {"styleQML", FieldType::text},
       {"styleSLD", FieldType::text}, {"useAsDefault", FieldType::boolean}, {"description", FieldType::text},
       {"owner", FieldType::text}, {"ui", FieldType::text}, {"update_time", FieldType::text}});
  for (const auto& layer : layers) {
    const std::string qml = layer_qml(layer, data);
    if (qml.empty()) continue;
    t.add({}, {std::string(), std::string(), layer, std::string("geom"), layer, qml, std::string(), true,
               std::string("borderflow default style"), std::string(), std::string(),
               std::string("2000-01-01T00:00:00")});
  }
  return true;
}

}  // namespace borderflow::geodata
