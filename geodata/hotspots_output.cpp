#include "geodata/hotspots_output.hpp"
#include "geodata/output_contract.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

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
    LayerWriter& layer = out.create_layer(contract::kHotspotCells, GeometryType::polygon, fields, std::move(rule));
    const auto& gi = a.cells.gi;
    for (std::size_t i = 0; i < a.cells.cells.size(); ++i) {
      std::vector<FieldValue> v{static_cast<std::int64_t>(i + 1), a.cells.value[i],
                                gi.defined[i] ? real_or_null(gi.z[i]) : FieldValue{},
                                gi.defined[i] ? real_or_null(gi.p[i]) : FieldValue{},
                                gi.defined[i] ? FieldValue{static_cast<std::int64_t>(gi.bin[i])} : FieldValue{},
                                static_cast<std::int64_t>(gi.n_neighbors[i]), gi.n_neighbors[i] == 0};
      // emplace_back, not push_back(double): the same value, but GCC 12 warns (falsely, -Wmaybe-uninitialized)
      // about the string alternative when push_back's reallocation is inlined here.
      for (std::size_t g = 0; g < names.size(); ++g)
        v.emplace_back(std::in_place_type<double>, a.cells.group_value[i * a.cells.groups + g]);
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
    // The trend of the segment's Gi* along the border over the time steps.
    const hotspots::EmergingResult* trend = a.emerging_segments ? &*a.emerging_segments : nullptr;
    std::vector<char> trend_withheld;
    if (trend) {
      for (const char* f : {"trend_z", "trend_p"}) fields.push_back({f, FieldType::real});
      fields.push_back({"trend_category", FieldType::text});
      trend_withheld = hotspots::any_step(
          hotspots::bins_next_to_small_counts(a.segments.step_weight, trend->steps, a.segments.gi.neighbours,
                                              trend->window, out.min_count()),
          trend->steps);
    }
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
    LayerWriter& layer = out.create_layer(contract::kBorderSegments, GeometryType::line, fields, std::move(rule));
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
      if (trend) {
        const bool hidden = trend_withheld[i];
        v.push_back(hidden ? FieldValue{} : real_or_null(trend->trend[i].z));
        v.push_back(hidden ? FieldValue{} : real_or_null(trend->trend[i].p));
        v.push_back(hidden ? FieldValue{} : FieldValue{std::string(hotspots::to_string(trend->category[i]))});
      }
      for (std::size_t g = 0; g < names.size(); ++g)
        v.emplace_back(std::in_place_type<double>, a.segments.group_weight[i * a.segments.groups + g]);
      layer.add(geometry::MultiLineString{lonlat}, v);
    }
  }
  // crossing_clusters
  {
    ProtectionRule rule;
    rule.measures.push_back({"weight", {"weight", "n_crossings", "n_core"}, {}});
    LayerWriter& layer = out.create_layer(
        contract::kCrossingClusters, GeometryType::polygon,
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
  // emerging_hotspots: the cells that hold a dated value in some step.
  if (a.emerging_cells) {
    const auto& e = *a.emerging_cells;
    const std::size_t T = e.steps;
    const auto withheld = hotspots::bins_next_to_small_counts(a.cells.step_persons, T, a.cells.gi.neighbours,
                                                              e.window, out.min_count());
    const auto hidden_row = hotspots::any_step(withheld, T);
    std::vector<char> value_bins(a.cells.step_value.size());
    for (std::size_t k = 0; k < value_bins.size(); ++k) value_bins[k] = a.cells.step_value[k] != 0.0;
    const auto dated = hotspots::any_step(value_bins, T);
    const auto z_names = group_field_names(a.steps, "z_");
    std::vector<FieldSpec> fields{{"cell_id", FieldType::integer},   {"category", FieldType::text},
                                  {"trend_z", FieldType::real},      {"trend_p", FieldType::real},
                                  {"n_steps", FieldType::integer},   {"hot_steps", FieldType::integer},
                                  {"cold_steps", FieldType::integer}};
    for (const auto& n : z_names) fields.push_back({n, FieldType::real});
    fields.push_back({"suppressed", FieldType::boolean});
    LayerWriter& layer = out.create_layer(contract::kEmergingHotspots, GeometryType::polygon, fields);
    for (std::size_t i = 0; i < a.cells.cells.size(); ++i) {
      if (!dated[i]) continue;
      const bool hidden = hidden_row[i];
      // A category, trend and step counts come from every step's z: withheld
      // when any of them is.
      std::vector<FieldValue> v{static_cast<std::int64_t>(i + 1),
                                hidden ? FieldValue{} : FieldValue{std::string(hotspots::to_string(e.category[i]))},
                                hidden ? FieldValue{} : real_or_null(e.trend[i].z),
                                hidden ? FieldValue{} : real_or_null(e.trend[i].p),
                                static_cast<std::int64_t>(T),
                                hidden ? FieldValue{} : FieldValue{static_cast<std::int64_t>(e.hot_steps[i])},
                                hidden ? FieldValue{} : FieldValue{static_cast<std::int64_t>(e.cold_steps[i])}};
      for (std::size_t t = 0; t < T; ++t)
        v.push_back(withheld[i * T + t] ? FieldValue{} : real_or_null(e.z[i * T + t]));
      v.emplace_back(std::in_place_type<bool>, hidden);
      layer.add(geometry::MultiPolygon{to_lonlat(a.cells.grid.polygon(a.cells.cells[i]), proj)}, v);
    }
  }
}

}  // namespace borderflow::geodata
