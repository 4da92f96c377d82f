#include "geodata/hotspots_output.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/geometry/geodesic.hpp"
#include "geodata/gdal_env.hpp"
#include "geodata/interrupt.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {

namespace {

FieldValue real_or_null(double v) { return std::isfinite(v) ? FieldValue{v} : FieldValue{}; }

// Hexagon (working CRS) to lon/lat: its six corners. (Its edges are straight
// in the working CRS; over a cell they differ from straight lon/lat lines by
// far less than the cell.)
geometry::Polygon to_lonlat(const geometry::Polygon& p, const geometry::Projection& proj) {
  geometry::Polygon out = p;
  proj.inverse_in_place(out.shell);
  out.shell.back() = out.shell.front();
  return out;
}

std::string near_place(geometry::Coord lonlat, const LoadedInputs& in, double within_m = 60000.0) {
  std::string best;
  double best_d = within_m;
  auto consider = [&](const std::string& name, geometry::Coord p) {
    const double d = geometry::geodesic_distance_m(lonlat, p);
    if (d < best_d) {
      best_d = d;
      best = name;
    }
  };
  for (const auto& p : in.places.places())
    if (p.kind.find("sea") == std::string::npos) consider(p.name, p.lonlat);
  for (const auto& p : in.ports) consider(p.name, p.lonlat);
  return best;
}

std::string bin_label(int bin) {
  static const char* names[] = {"cold spot, 99 %", "cold spot, 95 %", "cold spot, 90 %", "not significant",
                                "hot spot, 90 %",  "hot spot, 95 %",  "hot spot, 99 %"};
  return names[std::clamp(bin, -3, 3) + 3];
}

std::string pair_label(const std::string& a, const std::string& b) { return b.empty() ? a + " coast" : a + "-" + b; }

// The longest segment, in km (segments are equal pieces of each part).
double o_segment_km(const hotspots::HotspotAnalysis& a) {
  double m = 0.0;
  for (const auto& s : a.segments.segments) m = std::max(m, s.geodesic_length_m);
  return m / 1000.0;
}

}  // namespace

std::vector<std::string> group_field_names(const std::vector<std::string>& groups, const std::string& prefix) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& g : groups) {
    std::string safe;
    for (char c : g.empty() || g == "(none)" ? std::string("none") : g) {
      const auto u = static_cast<unsigned char>(c);
      safe += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    std::string name = prefix + safe;
    for (int k = 2; used.count(name); ++k) name = prefix + safe + "_" + std::to_string(k);
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

namespace {

// Row r's Gi* neighbours, for the suppression of z and p next to a suppressed row.
std::function<std::vector<std::uint32_t>(std::size_t)> neighbours_of(const hotspots::Neighbours& nb) {
  return [&nb](std::size_t r) {
    if (r >= nb.size()) return std::vector<std::uint32_t>{};
    const auto of = nb.of(r);
    return std::vector<std::uint32_t>(of.begin(), of.end());
  };
}

}  // namespace

void write_hotspot_layers(OutputDataset& out, const hotspots::HotspotAnalysis& a,
                          const crossings::CrossingAnalysis& cx) {
  const auto& proj = cx.projection;
  const bool by = !(a.groups.size() == 1 && a.groups.front().empty());
  // hotspot_cells
  {
    std::vector<FieldSpec> fields{{"cell_id", FieldType::integer},     {"value", FieldType::real},
                                  {"gi_z", FieldType::real},           {"gi_p", FieldType::real},
                                  {"gi_bin", FieldType::integer},      {"n_neighbors", FieldType::integer},
                                  {"isolated", FieldType::boolean}};
    const auto names = by ? group_field_names(a.groups, "value_") : std::vector<std::string>{};
    for (const auto& n : names) fields.push_back({n, FieldType::real});
    // Counts of persons (crossings, incidents) are protected by their value;
    // a route length (persons x km) by the persons whose routes pass the cell.
    ProtectionRule rule;
    const bool lengths = a.value == hotspots::CellValue::route_length;
    auto persons = [&](const std::vector<double>& of, std::size_t stride, std::size_t g) {
      return lengths ? std::function<double(std::size_t)>([&of, stride, g](std::size_t r) { return of[r * stride + g]; })
                     : std::function<double(std::size_t)>();
    };
    // The total is in the summary: complement over the layer.
    rule.measures.push_back({"value", {"value"}, {{}}, {}, persons(a.cells.persons, 1, 0)});
    // Each group's total is in the summary: complement over the layer, and
    // within a cell, whose value is the sum of its groups'.
    for (std::size_t g = 0; g < names.size(); ++g)
      rule.measures.push_back({names[g], {names[g]}, {{}}, {}, persons(a.cells.group_persons, a.cells.groups, g)});
    rule.row_sums = {names};
    rule.row_sums[0].insert(rule.row_sums[0].begin(), "value");
    rule.neighbour_nulled = {"gi_z", "gi_p"};
    rule.neighbours = neighbours_of(a.cells.gi.neighbours);
    LayerWriter& layer = out.create_layer("hotspot_cells", GeometryType::polygon, fields, std::move(rule));
    const auto& gi = a.cells.gi;
    for (std::size_t i = 0; i < a.cells.cells.size(); ++i) {
      std::vector<FieldValue> v{static_cast<std::int64_t>(i + 1), a.cells.value[i],
                                gi.defined[i] ? real_or_null(gi.z[i]) : FieldValue{},
                                gi.defined[i] ? real_or_null(gi.p[i]) : FieldValue{},
                                gi.defined[i] ? FieldValue{static_cast<std::int64_t>(gi.bin[i])} : FieldValue{},
                                static_cast<std::int64_t>(gi.n_neighbors[i]), gi.n_neighbors[i] == 0};
      for (std::size_t g = 0; g < names.size(); ++g) v.push_back(a.cells.group_value[i * a.cells.groups + g]);
      layer.add(geometry::MultiPolygon{to_lonlat(a.cells.grid.polygon(a.cells.cells[i]), proj)}, v);
    }
  }
  // border_segments
  {
    std::vector<FieldSpec> fields{{"segment_id", FieldType::integer}, {"country_a", FieldType::text},
                                  {"country_b", FieldType::text},     {"kind", FieldType::text},
                                  {"length_m", FieldType::real},      {"crossings", FieldType::integer},
                                  {"weight", FieldType::real},        {"weight_per_km", FieldType::real},
                                  {"gi_z", FieldType::real},          {"gi_p", FieldType::real},
                                  {"gi_bin", FieldType::integer},     {"n_neighbors", FieldType::integer}};
    const auto names = by ? group_field_names(a.groups, "weight_") : std::vector<std::string>{};
    for (const auto& n : names) fields.push_back({n, FieldType::real});
    // Pair totals are in the summary: complementary suppression within each pair.
    ProtectionRule rule;
    rule.measures.push_back({"weight", {"weight", "crossings", "weight_per_km"}, {{"country_a", "country_b"}, {}}});
    for (const auto& n : names) rule.measures.push_back({n, {n}, {{"country_a", "country_b"}, {}}});
    rule.row_sums = {names};
    rule.row_sums[0].insert(rule.row_sums[0].begin(), "weight");
    rule.neighbour_nulled = {"gi_z", "gi_p"};
    rule.neighbours = neighbours_of(a.segments.gi.neighbours);
    LayerWriter& layer = out.create_layer("border_segments", GeometryType::line, fields, std::move(rule));
    const auto& gi = a.segments.gi;
    for (std::size_t i = 0; i < a.segments.segments.size(); ++i) {
      const auto& s = a.segments.segments[i];
      geometry::LineString lonlat = s.path;
      proj.inverse_in_place(lonlat);
      const double len = s.geodesic_length_m;
      std::vector<FieldValue> v{static_cast<std::int64_t>(i + 1),
                                s.unit_a,
                                s.unit_b,
                                std::string(s.unit_b.empty() ? "coast" : "land"),
                                len,
                                static_cast<std::int64_t>(s.crossings),
                                s.weight,
                                len > 0 ? FieldValue{s.weight / (len / 1000.0)} : FieldValue{},
                                gi.defined[i] ? real_or_null(gi.z[i]) : FieldValue{},
                                gi.defined[i] ? real_or_null(gi.p[i]) : FieldValue{},
                                gi.defined[i] ? FieldValue{static_cast<std::int64_t>(gi.bin[i])} : FieldValue{},
                                static_cast<std::int64_t>(gi.n_neighbors[i])};
      for (std::size_t g = 0; g < names.size(); ++g) v.push_back(a.segments.group_weight[i * a.segments.groups + g]);
      layer.add(geometry::MultiLineString{lonlat}, v);
    }
  }
  // crossing_clusters
  {
    ProtectionRule rule;
    rule.measures.push_back({"weight", {"weight", "n_crossings", "n_core"}, {}});
    LayerWriter& layer = out.create_layer(
        "crossing_clusters", GeometryType::polygon,
        {{"cluster_id", FieldType::integer}, {"n_crossings", FieldType::integer}, {"n_core", FieldType::integer},
         {"weight", FieldType::real}, {"main_pair", FieldType::text}},
        std::move(rule));
    const auto& units = cx.frontier.units();
    std::vector<std::map<std::string, double>> pairs(a.clusters.clusters.size());
    if (a.clusters_of_crossings)
      for (std::size_t k = 0; k < a.clusters.label.size(); ++k) {
        const auto l = a.clusters.label[k];
        if (l < 0) continue;
        const auto& c = cx.result.crossings[a.cluster_points[k]];
        pairs[static_cast<std::size_t>(l)][(c.from_unit ? units[*c.from_unit].id : "sea") + " > " +
                                           (c.to_unit ? units[*c.to_unit].id : "sea")] += c.weight;
      }
    for (std::size_t m = 0; m < a.clusters.clusters.size(); ++m) {
      const auto& cl = a.clusters.clusters[m];
      geometry::Polygon hull = cl.hull;
      proj.inverse_in_place(hull.shell);
      std::string main;
      double best = -1;
      for (const auto& [p, w] : pairs[m])
        if (w > best) {
          best = w;
          main = p;
        }
      layer.add(geometry::MultiPolygon{hull},
                {static_cast<std::int64_t>(m + 1), static_cast<std::int64_t>(cl.points),
                 static_cast<std::int64_t>(cl.core_points), cl.weight, main.empty() ? FieldValue{} : FieldValue{main}});
    }
  }
}

void write_density_tif(const std::string& file, const hotspots::DensityRaster& r, const geometry::Projection& proj,
                       const std::string& shown_as) {
  ensure_gdal();
  const fs::path target(file);
  const std::string& path = shown_as.empty() ? file : shown_as;  // in messages
  std::error_code ec;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw OutputError(path, "the folder " + dir.string() + " does not exist", "create it, or choose another path");
  if (fs::is_directory(target, ec)) throw OutputError(path, "is a folder", "give a file name ending in .tif");
  const std::string tmp = (dir / ("." + target.filename().string() + ".tmp.tif")).string();
  track_temp(tmp);
  struct Untrack {
    const std::string& temp;
    ~Untrack() { untrack_temp(temp); }
  } untrack{tmp};
  CPLErrorReset();  // judge this write by its own errors only
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!drv) throw OutputError(path, "GDAL has no GTiff driver");
  char** co = nullptr;
  co = CSLSetNameValue(co, "COMPRESS", "DEFLATE");
  co = CSLSetNameValue(co, "PREDICTOR", "3");
  co = CSLSetNameValue(co, "TILED", "YES");
  if (r.width * r.height * 4 > (std::size_t{1} << 31)) co = CSLSetNameValue(co, "BIGTIFF", "YES");
  GDALDataset* ds = drv->Create(tmp.c_str(), static_cast<int>(r.width), static_cast<int>(r.height), 1, GDT_Float32, co);
  CSLDestroy(co);
  if (!ds) throw OutputError(path, std::string("cannot create the GeoTIFF: ") + CPLGetLastErrorMsg(), "check the folder is writable");
  bool ok = true;
  try {
    double gt[6] = {r.extent.min_x, r.pixel_m, 0.0, r.extent.max_y, 0.0, -r.pixel_m};
    ok = ok && ds->SetGeoTransform(gt) == CE_None;
    OGRSpatialReference srs;
    ok = ok && srs.SetFromUserInput(proj.target().c_str()) == OGRERR_NONE;
    ok = ok && ds->SetSpatialRef(&srs) == CE_None;
    GDALRasterBand* band = ds->GetRasterBand(1);
    ok = ok && band->SetNoDataValue(-9999.0) == CE_None;
    band->SetDescription("density");
    band->SetUnitType("per km2");
    ds->SetMetadataItem("BORDERFLOW_KERNEL", std::string(hotspots::to_string(r.kernel)).c_str());
    ds->SetMetadataItem("BORDERFLOW_BANDWIDTH_M", fmt::format("{}", r.bandwidth_m).c_str());
    ds->SetMetadataItem("BORDERFLOW_UNITS", "weight (persons or cases) per square kilometre");
    std::vector<float> row(r.width);
    for (std::size_t y = 0; y < r.height && ok; ++y) {
      for (std::size_t x = 0; x < r.width; ++x) {
        const double v = r.value(y, x);
        row[x] = std::isnan(v) ? -9999.0f : static_cast<float>(v);  // suppressed (--min-count): no data
      }
      ok = band->RasterIO(GF_Write, 0, static_cast<int>(y), static_cast<int>(r.width), 1, row.data(),
                          static_cast<int>(r.width), 1, GDT_Float32, 0, 0) == CE_None;
    }
    ds->FlushCache();
    ok = ok && CPLGetLastErrorType() < CE_Failure;
  } catch (...) {
    GDALClose(ds);
    fs::remove(tmp, ec);
    throw;
  }
  const std::string err = CPLGetLastErrorMsg();
  CPLErrorReset();
  GDALClose(ds);
  if (CPLGetLastErrorType() >= CE_Failure) ok = false;
  if (!ok) {
    fs::remove(tmp, ec);
    throw OutputError(path, "writing the GeoTIFF failed" + (err.empty() ? std::string() : ": " + err),
                      "check free disk space and permissions");
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw OutputError(path, "cannot move the GeoTIFF into place (" + ec.message() + ")");
  }
}

nlohmann::json hotspot_summary(const hotspots::HotspotAnalysis& a, const crossings::CrossingAnalysis& cx,
                               const LoadedInputs& in, const hotspots::HotspotOptions& o, std::size_t top) {
  nlohmann::json j;
  const auto& proj = cx.projection;
  const auto& gi = a.cells.gi;
  std::array<std::size_t, 7> bins{};
  for (std::size_t i = 0; i < gi.bin.size(); ++i)
    if (gi.defined[i]) ++bins[gi.bin[i] + 3];
  j["value"] = hotspots::to_string(a.value);
  j["incidents"] = a.incidents;
  j["cells"] = {{"count", a.cells.cells.size()},
                {"cell_size_m", a.cells.grid.cell_size_m()},
                {"cell_size_automatic", a.cells.cell_size_automatic},
                {"domain", hotspots::to_string(a.domain)},
                {"total_value", a.cells.total},
                {"outside", a.cells.outside},
                {"weights", hotspots::to_string(o.cells.gi.weights)},
                {"band_m", gi.band_m},
                {"band_automatic", gi.band_automatic},
                {"k", o.cells.gi.k},
                {"permutations", o.cells.gi.permutations},
                {"seed", o.cells.gi.seed},
                {"fdr", o.cells.gi.fdr},
                {"p_thresholds", {{"90", gi.p_threshold[0]}, {"95", gi.p_threshold[1]}, {"99", gi.p_threshold[2]}}},
                {"isolated", gi.isolated},
                {"bins", {{"-3", bins[0]}, {"-2", bins[1]}, {"-1", bins[2]}, {"0", bins[3]}, {"1", bins[4]},
                          {"2", bins[5]}, {"3", bins[6]}}}};
  // Top hot cells by z.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < gi.z.size(); ++i)
    if (gi.defined[i] && gi.bin[i] > 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return gi.z[x] != gi.z[y] ? gi.z[x] > gi.z[y] : x < y; });
  j["top_cells"] = nlohmann::json::array();
  for (std::size_t k = 0; k < std::min(top, order.size()); ++k) {
    const std::size_t i = order[k];
    const auto c = proj.inverse(a.cells.grid.center(a.cells.cells[i]));
    j["top_cells"].push_back({{"cell_id", i + 1}, {"lon", c.x}, {"lat", c.y}, {"near", near_place(c, in)},
                              {"value", a.cells.value[i]}, {"gi_z", gi.z[i]}, {"gi_p", gi.p[i]}, {"gi_bin", gi.bin[i]}});
  }
  // Border segments.
  const auto& sg = a.segments.gi;
  j["segments"] = {{"count", a.segments.segments.size()},  {"segment_m", o.segments.segment_m},
                   {"coast", o.segments.coast},            {"band_m", a.segments.band_m},
                   {"unassigned_crossings", a.segments.unassigned}};
  std::vector<std::size_t> so;
  for (std::size_t i = 0; i < a.segments.segments.size(); ++i)
    if (a.segments.segments[i].weight > 0) so.push_back(i);
  std::sort(so.begin(), so.end(), [&](std::size_t x, std::size_t y) {
    const double zx = sg.defined[x] ? sg.z[x] : -1e300, zy = sg.defined[y] ? sg.z[y] : -1e300;
    const auto& sx = a.segments.segments[x];
    const auto& sy = a.segments.segments[y];
    if (zx != zy) return zx > zy;
    if (sx.weight != sy.weight) return sx.weight > sy.weight;
    return x < y;
  });
  j["top_segments"] = nlohmann::json::array();
  for (std::size_t k = 0; k < std::min(top, so.size()); ++k) {
    const std::size_t i = so[k];
    const auto& s = a.segments.segments[i];
    const auto mid = proj.inverse(s.path[s.path.size() / 2]);
    j["top_segments"].push_back({{"segment_id", i + 1},
                                 {"country_a", s.unit_a},
                                 {"country_b", s.unit_b},
                                 {"near", near_place(mid, in)},
                                 {"crossings", s.crossings},
                                 {"weight", s.weight},
                                 {"weight_per_km", s.geodesic_length_m > 0 ? s.weight / (s.geodesic_length_m / 1000.0) : 0.0},
                                 {"gi_z", sg.defined[i] ? nlohmann::json(sg.z[i]) : nlohmann::json()},
                                 {"gi_bin", sg.defined[i] ? nlohmann::json(sg.bin[i]) : nlohmann::json()}});
  }
  // Clusters.
  j["clusters"] = {{"count", a.clusters.clusters.size()},
                   {"eps_m", o.clusters.eps_m},
                   {"min_weight", o.clusters.min_weight},
                   {"noise_points", a.clusters.noise}};
  // Density.
  if (a.density) {
    const auto& d = *a.density;
    double peak = 0;
    for (double v : d.per_km2) peak = std::max(peak, v);
    j["density"] = {{"kernel", hotspots::to_string(d.kernel)},
                    {"bandwidth_m", d.bandwidth_m},
                    {"bandwidth_rule", d.bandwidth_automatic ? "ArcGIS default (spatial Silverman)" : "given"},
                    {"pixel_m", d.pixel_m},
                    {"pixel_automatic", d.pixel_automatic},
                    {"width", d.width},
                    {"height", d.height},
                    {"peak_per_km2", peak},
                    {"units", "weight per km2"}};
  }
  // Breakdown.
  if (!(a.groups.size() == 1 && a.groups.front().empty())) {
    j["by"] = o.by;
    j["groups"] = nlohmann::json::array();
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
      double total = 0, seg_total = 0;
      std::size_t best_seg = a.segments.segments.size();
      double best_w = 0;
      for (std::size_t i = 0; i < a.cells.cells.size(); ++i) total += a.cells.group_value[i * a.cells.groups + g];
      for (std::size_t i = 0; i < a.segments.segments.size(); ++i) {
        const double w = a.segments.group_weight[i * a.segments.groups + g];
        seg_total += w;
        if (w > best_w) {
          best_w = w;
          best_seg = i;
        }
      }
      nlohmann::json row = {{"group", a.groups[g]}, {"value", total}, {"share", a.cells.total > 0 ? total / a.cells.total : 0.0},
                            {"border_weight", seg_total}};
      if (best_seg < a.segments.segments.size()) {
        const auto& s = a.segments.segments[best_seg];
        row["top_segment"] = {{"segment_id", best_seg + 1}, {"border", pair_label(s.unit_a, s.unit_b)},
                              {"near", near_place(proj.inverse(s.path[s.path.size() / 2]), in)}, {"weight", best_w}};
      }
      j["groups"].push_back(row);
    }
  }
  return j;
}

std::string hotspot_summary_text(const hotspots::HotspotAnalysis& a, const crossings::CrossingAnalysis& cx,
                                 const LoadedInputs& in, std::size_t top) {
  const auto& gi = a.cells.gi;
  const std::string weights = gi.band_m > 0 ? fmt::format("band {:.3g} km{}", gi.band_m / 1000.0, gi.band_automatic ? " (automatic)" : "")
                                            : "k nearest cells";
  std::string s = fmt::format("Hot spot cells: {} hexagons of {:.3g} km{} ({}), value = {}, Gi* {}, {}\n",
                              a.cells.cells.size(), a.cells.grid.cell_size_m() / 1000.0,
                              a.cells.cell_size_automatic ? " (automatic)" : "",
                              a.domain == hotspots::CellDomain::land ? "land" : "land and sea",
                              hotspots::to_string(a.value), weights,
                              gi.fdr ? "FDR-corrected bins" : "bins without FDR correction");
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < gi.z.size(); ++i)
    if (gi.defined[i] && gi.bin[i] > 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return gi.z[x] != gi.z[y] ? gi.z[x] > gi.z[y] : x < y; });
  if (order.empty()) s += "  no significant hot spot cell\n";
  else s += fmt::format("  {:>6} {:>9} {:>8} {:>7}  {:<16} {}\n", "cell", "value", "gi_z", "p", "bin", "near");
  for (std::size_t k = 0; k < std::min(top, order.size()); ++k) {
    const std::size_t i = order[k];
    const auto c = cx.projection.inverse(a.cells.grid.center(a.cells.cells[i]));
    s += fmt::format("  {:>6} {:>9.1f} {:>8.2f} {:>7.4f}  {:<16} {}\n", i + 1, a.cells.value[i], gi.z[i], gi.p[i],
                     bin_label(gi.bin[i]), near_place(c, in));
  }
  const auto& sg = a.segments.gi;
  std::vector<std::size_t> so;
  for (std::size_t i = 0; i < a.segments.segments.size(); ++i)
    if (sg.defined[i] && sg.bin[i] > 0) so.push_back(i);
  std::sort(so.begin(), so.end(), [&](std::size_t x, std::size_t y) { return sg.z[x] != sg.z[y] ? sg.z[x] > sg.z[y] : x < y; });
  s += fmt::format("Border segments: {} of up to about {:.3g} km; {} hot (Gi* along the border)\n",
                   a.segments.segments.size(), o_segment_km(a), so.size());
  if (!so.empty()) s += fmt::format("  {:>7} {:<12} {:>9} {:>8} {:>10} {:>7}  {}\n", "segment", "border", "crossings", "weight", "weight/km", "gi_z", "near");
  for (std::size_t k = 0; k < std::min(top, so.size()); ++k) {
    const std::size_t i = so[k];
    const auto& g = a.segments.segments[i];
    s += fmt::format("  {:>7} {:<12} {:>9} {:>8.0f} {:>10.2f} {:>7.2f}  {}\n", i + 1, pair_label(g.unit_a, g.unit_b), g.crossings,
                     g.weight, g.geodesic_length_m > 0 ? g.weight / (g.geodesic_length_m / 1000.0) : 0.0, sg.z[i],
                     near_place(cx.projection.inverse(g.path[g.path.size() / 2]), in));
  }
  if (a.segments.unassigned > 0)
    s += fmt::format("  {} crossings lie on no segment of their border (gaps bridged as land, or coast not cut)\n",
                     a.segments.unassigned);
  s += fmt::format("Crossing clusters (DBSCAN): {} clusters, {} points as noise\n", a.clusters.clusters.size(), a.clusters.noise);
  if (a.density)
    s += fmt::format("Kernel density: {} kernel, bandwidth {:.1f} km{}, {} x {} pixels of {:.0f} m\n",
                     hotspots::to_string(a.density->kernel), a.density->bandwidth_m / 1000.0,
                     a.density->bandwidth_automatic ? " (rule)" : "", a.density->width, a.density->height, a.density->pixel_m);
  if (!(a.groups.size() == 1 && a.groups.front().empty())) {
    s += fmt::format("By group:\n  {:<14} {:>10} {:>7}  {}\n", "group", "value", "share", "busiest border segment");
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
      double total = 0;
      for (std::size_t i = 0; i < a.cells.cells.size(); ++i) total += a.cells.group_value[i * a.cells.groups + g];
      std::size_t best = a.segments.segments.size();
      double bw = 0;
      for (std::size_t i = 0; i < a.segments.segments.size(); ++i)
        if (a.segments.group_weight[i * a.segments.groups + g] > bw) {
          bw = a.segments.group_weight[i * a.segments.groups + g];
          best = i;
        }
      std::string where = "-";
      if (best < a.segments.segments.size()) {
        const auto& sgm = a.segments.segments[best];
        where = fmt::format("{} {} ({:.0f})", pair_label(sgm.unit_a, sgm.unit_b),
                            near_place(cx.projection.inverse(sgm.path[sgm.path.size() / 2]), in), bw);
      }
      s += fmt::format("  {:<14} {:>10.1f} {:>6.1f}%  {}\n", a.groups[g], total,
                       a.cells.total > 0 ? 100.0 * total / a.cells.total : 0.0, where);
    }
  }
  return s;
}

}  // namespace borderflow::geodata
