#include "mapexport/html_map.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "geodata/styles.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/output_contract.hpp"

namespace borderflow::mapexport {

namespace assets {
extern const char kLeafletJs[];
extern const char kLeafletCss[];
}  // namespace assets

namespace {

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += t[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// JSON that is safe inside a <script> element.
std::string script_json(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// The page script: draws the layers from `BF` (set just before it).
constexpr const char* kScript = R"JS(
(function () {
  var report = {errors: [], drawn: {}};
  window.addEventListener('error', function (e) { report.errors.push(String(e.message || e)); });
  var b = BF.bounds;
  var map = L.map('map', {zoomControl: true});
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {padding: [20, 20]});
  if (BF.tiles) {
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png',
                {maxZoom: 18, attribution: '&copy; OpenStreetMap contributors'}).addTo(map);
  }
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(BF.attribution);
  L.control.scale({imperial: false, maxWidth: 160}).addTo(map);

  function esc(v) {
    return String(v).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; });
  }
  // Fields --min-count empties in a row flagged `suppressed`.
  var WITHHELD = {weight: 1, flow: 1, n_routes: 1, value: 1, crossings: 1, weight_per_km: 1, flow_in: 1,
                  flow_out: 1, intercepted_flow: 1, share: 1, n_crossings: 1, n_core: 1, route_id: 1, leg: 1,
                  gi_z: 1, gi_p: 1, od_betweenness: 1, flow_tip: 1, flow_som: 1, flow_unknown: 1};
  function popup(props) {
    var rows = '';
    for (var k in props) {
      var v = props[k];
      if (v === null || v === undefined)
        v = (props.suppressed && (WITHHELD[k] || /^(value|weight)_/.test(k))) ? 'withheld (small count)' : '';
      if (typeof v === 'number' && !Number.isInteger(v)) v = Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
      rows += '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>';
    }
    return '<table class="bf-popup">' + rows + '</table>';
  }
  function cls(breaks, v) {
    for (var i = 1; i < breaks.length; i++) if (v <= breaks[i]) return i - 1;
    return Math.max(0, breaks.length - 2);
  }
@GI_BINS@  var SEG = ['#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];
  var COR = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c'];

  var overlays = {}, legends = {};
  function add(name, title, layer, legend, on) {
    overlays[title] = layer;
    legends[title] = legend + (BF.notes[name] ? '<br><small>' + esc(BF.notes[name]) + '</small>' : '');
    layer._bfName = name;
    if (on) layer.addTo(map);
  }
  var L_ = BF.layers;
  if (BF.density) {
    var d = BF.density;
    var img = L.imageOverlay('data:image/png;base64,' + d.png, [[d.south, d.west], [d.north, d.east]],
                             {opacity: 0.85, className: 'bf-density', interactive: false});
    add('density', 'Kernel density', img,
        '<div class="bf-ramp"></div><div class="bf-ramp-labels"><span>0</span><span>' +
        d.max.toPrecision(3) + ' per km&sup2;</span></div>', true);
  }
  if (L_.borders) {
    add('borders', 'Borders and coast', L.geoJSON(L_.borders, {
      style: function (f) {
        return f.properties.kind === 'land' ? {color: '#3c3c3c', weight: 1.4, dashArray: '6 3', className: 'bf-borders'}
                                            : {color: '#4682b4', weight: 0.8, className: 'bf-borders'};
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      '<i class="bf-line" style="border-top:2px dashed #3c3c3c"></i> land border<br>' +
      '<i class="bf-line" style="border-top:1px solid #4682b4"></i> coastline', true);
  }
  if (L_.hotspot_cells) {
    var leg = '';
    ['3', '2', '1', '0', '-1', '-2', '-3'].forEach(function (k) {
      leg += '<i class="bf-box" style="background:' + BIN[k] + '"></i> ' + BIN_LABEL[k] + '<br>';
    });
    add('hotspot_cells', 'Hot spot cells (Gi*)', L.geoJSON(L_.hotspot_cells, {
      style: function (f) {
        var bn = f.properties.gi_bin;
        var c = (bn === null || bn === undefined) ? '#cccccc' : BIN[String(bn)];
        return {color: '#808080', weight: 0.3, fillColor: c, fillOpacity: bn ? 0.75 : 0.35, className: 'bf-hotspot_cells'};
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      leg + '<i class="bf-box" style="background:#cccccc"></i> no neighbours (no Gi*)<br>' +
      '<small>cells with no crossings and no significance are not drawn</small>', true);
  }
  if (L_.route_edges) {
    add('route_edges', 'Route edges', L.geoJSON(L_.route_edges, {
      style: function (f) {
        return {color: '#7a7a7a', weight: 0.8 + 2.5 * cls(BF.breaks.edge_flow, f.properties.flow) / 4, opacity: 0.8,
                className: 'bf-route_edges'};
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      '<i class="bf-line" style="border-top:3px solid #7a7a7a"></i> route edge (width: flow)', true);
  }
  if (L_.corridors) {
    var cl = '';
    for (var i = 0; i + 1 < BF.breaks.corridor_flow.length; i++)
      cl += '<i class="bf-line" style="border-top:' + (1 + i) + 'px solid ' + COR[i] + '"></i> flow ' +
            BF.breaks.corridor_flow[i].toPrecision(3) + ' &ndash; ' + BF.breaks.corridor_flow[i + 1].toPrecision(3) + '<br>';
    add('corridors', 'Corridors', L.geoJSON(L_.corridors, {
      style: function (f) {
        var k = cls(BF.breaks.corridor_flow, f.properties.flow);
        return {color: COR[k], weight: 1.5 + 1.6 * k, opacity: 0.9, className: 'bf-corridors'};
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}), cl, true);
  }
  if (L_.border_segments) {
    var sl = '<i class="bf-line" style="border-top:1px solid #bebebe"></i> no crossings<br>';
    for (var j = 0; j + 1 < BF.breaks.segment_weight_per_km.length; j++)
      sl += '<i class="bf-line" style="border-top:3px solid ' + SEG[j] + '"></i> ' +
            BF.breaks.segment_weight_per_km[j].toPrecision(3) + ' &ndash; ' +
            BF.breaks.segment_weight_per_km[j + 1].toPrecision(3) + ' per km<br>';
    add('border_segments', 'Border segments (weight per km)', L.geoJSON(L_.border_segments, {
      style: function (f) {
        if (!(f.properties.weight > 0)) return {color: '#bebebe', weight: 1, opacity: 0.7, className: 'bf-border_segments'};
        var k = cls(BF.breaks.segment_weight_per_km, f.properties.weight_per_km);
        return {color: SEG[k], weight: 2.5 + k, opacity: 0.95, className: 'bf-border_segments'};
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}), sl, true);
  }
  if (L_.crossing_clusters) {
    add('crossing_clusters', 'Crossing clusters (DBSCAN)', L.geoJSON(L_.crossing_clusters, {
      style: function () { return {color: '#bd0026', weight: 1.2, fillColor: '#f03b20', fillOpacity: 0.2, className: 'bf-crossing_clusters'}; },
      onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      '<i class="bf-box" style="background:rgba(240,59,32,0.3);border:1px solid #bd0026"></i> cluster of crossings', true);
  }
  if (L_.crossings) {
    add('crossings', 'Crossings', L.geoJSON(L_.crossings, {
      pointToLayer: function (f, ll) {
        return f.properties.formal
          ? L.circleMarker(ll, {radius: 4, color: '#0b5d2a', weight: 2, fillColor: '#1a9850', fillOpacity: 0.9, className: 'bf-crossings'})
          : L.circleMarker(ll, {radius: 3.5, color: '#7f0000', weight: 1, dashArray: '2 1', fillColor: '#d73027', fillOpacity: 0.9, className: 'bf-crossings'});
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      '<i class="bf-dot" style="background:#1a9850;border:2px solid #0b5d2a"></i> formal (at a port of entry)<br>' +
      '<i class="bf-dot" style="background:#d73027;border:1px dashed #7f0000"></i> informal', true);
  }
  if (L_.chokepoints) {
    add('chokepoints', 'Chokepoints', L.geoJSON(L_.chokepoints, {
      pointToLayer: function (f, ll) {
        if (f.properties.kind === 'checkpoint')
          return L.marker(ll, {icon: L.divIcon({className: 'bf-chokepoints bf-rank', html: esc(f.properties.rank),
                                                iconSize: [20, 20]})});
        return L.circleMarker(ll, {radius: 3, color: '#000', weight: 1, fillColor: '#fff', fillOpacity: 1, className: 'bf-chokepoints'});
      }, onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }}),
      '<i class="bf-rank-legend">1</i> checkpoint by rank (most flow intercepted first)<br>' +
      '<i class="bf-dot" style="background:#fff;border:1px solid #000"></i> edge of the minimum cut', true);
  }
  L.control.layers(null, overlays, {collapsed: false, position: 'topright'}).addTo(map);

  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () { this._div = L.DomUtil.create('div', 'bf-legend'); this.update(); return this._div; };
  legend.update = function () {
    var h = '';
    for (var t in overlays) if (map.hasLayer(overlays[t])) h += '<h4>' + t + '</h4>' + legends[t];
    this._div.innerHTML = h;
  };
  legend.addTo(map);
  map.on('overlayadd overlayremove', function () { legend.update(); });

  var title = L.control({position: 'topleft'});
  title.onAdd = function () {
    var d = L.DomUtil.create('div', 'bf-title');
    d.innerHTML = '<h1>' + esc(BF.title) + '</h1>' + (BF.subtitle ? '<p>' + esc(BF.subtitle) + '</p>' : '');
    return d;
  };
  title.addTo(map);

  function done() {
    for (var t in overlays) {
      var n = overlays[t]._bfName;
      report.drawn[n] = n === 'density' ? document.querySelectorAll('img.bf-density').length
                                        : document.querySelectorAll('.bf-' + n).length;
    }
    document.getElementById('bf-report').textContent = JSON.stringify(report);
  }
  setTimeout(done, 0);
})();
)JS";

constexpr const char* kStyle = R"CSS(
html, body, #map { height: 100%; margin: 0; }
body { font-family: "DejaVu Sans", Arial, sans-serif; }
#map { background: #dde7ef; }
.bf-title { background: rgba(255,255,255,0.9); padding: 6px 10px; border-radius: 4px; max-width: 420px; }
.bf-title h1 { font-size: 16px; margin: 0; }
.bf-title p { font-size: 12px; margin: 4px 0 0; color: #333; }
.bf-legend { background: rgba(255,255,255,0.92); padding: 6px 10px; border-radius: 4px; font-size: 11px; line-height: 16px;
             max-height: 60vh; overflow-y: auto; }
.bf-legend h4 { margin: 6px 0 2px; font-size: 12px; }
.bf-box { display: inline-block; width: 14px; height: 10px; margin-right: 4px; border: 1px solid #888; vertical-align: middle; }
.bf-line { display: inline-block; width: 22px; height: 0; margin-right: 4px; vertical-align: middle; }
.bf-dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin: 0 6px 0 2px; vertical-align: middle; }
.bf-rank, .bf-rank-legend { background: #756bb1; color: #fff; border: 2px solid #fff; border-radius: 50%; font: bold 11px/16px sans-serif;
                            text-align: center; box-shadow: 0 0 2px #000; }
.bf-rank-legend { display: inline-block; width: 16px; height: 16px; font-style: normal; margin-right: 4px; }
.bf-ramp { width: 160px; height: 10px; background: linear-gradient(to right, rgba(255,255,178,0.3), rgba(253,141,60,0.8), rgba(189,0,38,0.9)); }
.bf-ramp-labels { display: flex; justify-content: space-between; width: 160px; }
table.bf-popup th { text-align: left; padding-right: 8px; font-weight: normal; color: #555; }
#bf-report { display: none; }
)CSS";

}  // namespace

std::vector<double> property_breaks(const MapLayer& layer, const std::string& property, std::size_t classes,
                                    bool positive_only) {
  std::vector<double> v;
  for (const auto& f : layer.features) {
    const auto& p = f["properties"];
    if (p.contains(property) && p[property].is_number() && (!positive_only || p[property].get<double>() > 0))
      v.push_back(p[property].get<double>());
  }
  auto b = geodata::quantile_breaks(std::move(v), classes);
  if (positive_only && !b.empty()) b.front() = 0.0;
  if (b.empty()) b = {0.0, 1.0};
  return b;
}

namespace {

// The Gi* bins' colours and labels (geodata/output_contract.hpp) as the
// script's BIN and BIN_LABEL tables, hot spots first in the labels.
std::string gi_bins_js() {
  std::string colours, labels;
  for (const auto& b : contract::kGiBins)
    colours += (colours.empty() ? "" : ", ") + ("'" + std::to_string(b.bin) + "': '") + b.colour + "'";
  int n = 0;
  for (auto it = contract::kGiBins.rbegin(); it != contract::kGiBins.rend(); ++it, ++n)
    labels += std::string(n == 0 ? "" : n == 4 ? ",\n                   " : ", ") + "'" + std::to_string(it->bin) + "': '" +
              it->label + "'";
  return "  var BIN = {" + colours + "};\n  var BIN_LABEL = {" + labels + "};\n";
}

}  // namespace

std::string html_map(const MapData& data, const std::optional<Overlay>& density, const HtmlMapOptions& o) {
  nlohmann::json bf;
  bf["title"] = o.title;
  bf["subtitle"] = o.subtitle;
  bf["tiles"] = o.tiles;
  bf["attribution"] = html_escape(o.attribution) + " | borderflow";
  const auto& e = data.extent;
  const double mx = std::max(0.2, (e.max_x - e.min_x) * 0.05), my = std::max(0.2, (e.max_y - e.min_y) * 0.05);
  bf["bounds"] = {e.min_x - mx, e.min_y - my, e.max_x + mx, e.max_y + my};
  bf["layers"] = nlohmann::json::object();
  bf["notes"] = nlohmann::json::object();
  for (const auto& l : data.layers) {
    bf["layers"][l.name] = {{"type", "FeatureCollection"}, {"features", l.features}};
    if (!l.kept_by.empty())
      bf["notes"][l.name] = "showing " + std::to_string(l.features.size()) + " of " + std::to_string(l.eligible) + ": " + l.kept_by;
  }
  bf["breaks"] = nlohmann::json::object();
  const MapLayer empty;
  auto layer_or_empty = [&](const char* n) -> const MapLayer& { return data.layer(n) ? *data.layer(n) : empty; };
  bf["breaks"]["segment_weight_per_km"] = property_breaks(layer_or_empty(contract::kBorderSegments), "weight_per_km", 5, true);
  bf["breaks"]["corridor_flow"] = property_breaks(layer_or_empty(contract::kCorridors), "flow", 5);
  bf["breaks"]["edge_flow"] = property_breaks(layer_or_empty(contract::kRouteEdges), "flow", 5);
  if (density)
    bf["density"] = {{"png", base64(density->png)}, {"west", density->west}, {"south", density->south},
                     {"east", density->east}, {"north", density->north}, {"max", density->max_value}};
  else
    bf["density"] = nullptr;
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<meta name=\"generator\" content=\"borderflow (Leaflet " BORDERFLOW_LEAFLET_VERSION ")\">\n";
  page += "<title>" + html_escape(o.title) + "</title>\n<style>\n";
  page += assets::kLeafletCss;
  page += kStyle;
  page += "</style>\n<script>\n";
  page += assets::kLeafletJs;
  page += "\n</script>\n</head>\n<body>\n<div id=\"map\"></div>\n<pre id=\"bf-report\"></pre>\n<script>\nvar BF = ";
  page += script_json(bf);
  page += ";\n";
  std::string script = kScript;
  script.replace(script.find("@GI_BINS@"), 9, gi_bins_js());
  page += script;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

void write_html_map(const std::string& path, const MapData& data, const std::optional<Overlay>& density,
                    const HtmlMapOptions& options) {
  const std::string page = html_map(data, density, options);
  geodata::write_file_atomically(path, page);
}

}  // namespace borderflow::mapexport
