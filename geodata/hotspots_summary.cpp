#include "geodata/hotspots_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/geometry/geodesic.hpp"
#include "geodata/output_contract.hpp"

namespace borderflow::geodata {

namespace {

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

std::string bin_label(int bin) { return contract::gi_bin_text(bin); }

std::string pair_label(const std::string& a, const std::string& b) { return b.empty() ? a + " coast" : a + "-" + b; }

// The longest segment, in km (segments are equal pieces of each part).
double o_segment_km(const hotspots::HotspotAnalysis& a) {
  double m = 0.0;
  for (const auto& s : a.segments.segments) m = std::max(m, s.geodesic_length_m);
  return m / 1000.0;
}

}  // namespace

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
  if (a.emerging_cells) j["emerging"] = emerging_summary(a, o.min_count);
  return j;
}

nlohmann::json emerging_summary(const hotspots::HotspotAnalysis& a, double min_count) {
  nlohmann::json j;
  const auto& e = *a.emerging_cells;
  const std::size_t T = e.steps;
  j["time_field"] = a.time_field;
  j["time_step"] = hotspots::to_string(a.time_step);
  j["steps"] = a.steps;
  j["window"] = e.window;
  j["fdr"] = e.fdr;
  j["p_thresholds"] = {{"90", e.p_threshold[0]}, {"95", e.p_threshold[1]}, {"99", e.p_threshold[2]}};
  j["records_without_step"] = a.time_missing;
  // Categories of the rows the layers publish: a location whose category
  // the layer withholds is counted as withheld here, not in its category.
  auto categories = [&](const hotspots::EmergingResult& r, const std::vector<double>& persons,
                        const std::vector<double>& values, const hotspots::Neighbours& nb) {
    const auto hidden = hotspots::any_step(hotspots::bins_next_to_small_counts(persons, T, nb, r.window, min_count), T);
    std::vector<char> value_bins(values.size());
    for (std::size_t k = 0; k < values.size(); ++k) value_bins[k] = values[k] != 0.0;
    const auto dated = hotspots::any_step(value_bins, T);
    std::array<std::size_t, hotspots::kEmergingCategories> n{};
    std::size_t locations = 0, withheld = 0;
    for (std::size_t i = 0; i < r.locations; ++i) {
      if (!dated[i]) continue;
      ++locations;
      if (hidden[i]) ++withheld;
      else ++n[static_cast<std::size_t>(r.category[i])];
    }
    nlohmann::json c = nlohmann::json::object();
    for (std::size_t k = 0; k < n.size(); ++k)
      if (n[k] > 0) c[std::string(hotspots::to_string(static_cast<hotspots::EmergingCategory>(k)))] = n[k];
    return nlohmann::json{{"locations", locations}, {"withheld", withheld}, {"categories", c}};
  };
  j["cells"] = categories(e, a.cells.step_persons, a.cells.step_value, a.cells.gi.neighbours);
  if (a.emerging_segments)
    j["segments"] = categories(*a.emerging_segments, a.segments.step_weight, a.segments.step_weight,
                               a.segments.gi.neighbours);
  // Per country pair and kind: the crossings of dated routes per step and
  // their trend. A trend is withheld with any of its steps (a step's weight
  // of 0 < w < K is withheld by the summary's protection).
  auto word = [](const hotspots::MannKendall& m, double alpha) {
    return m.p < alpha ? (m.z > 0 ? "rising" : "falling") : "no trend";
  };
  j["pairs"] = nlohmann::json::array();
  for (const auto& p : a.pair_trends) {
    nlohmann::json per = nlohmann::json::array();
    bool hidden = false;
    for (std::size_t t = 0; t < T; ++t) {
      // A record count below K is withheld as a weight is (issue 20's rule for new outputs).
      const bool few = min_count > 1.0 && p.crossings[t] > 0 && static_cast<double>(p.crossings[t]) < min_count;
      per.push_back({{"step", a.steps[t]},
                     {"weight", p.weight[t]},
                     {"crossings", few ? nlohmann::json() : nlohmann::json(p.crossings[t])}});
      hidden = hidden || (min_count > 1.0 && p.weight[t] > 0.0 && p.weight[t] < min_count - 1e-9 * min_count);
    }
    j["pairs"].push_back({{"from", p.from},
                          {"to", p.to},
                          {"kind", p.kind},
                          {"per_step", per},
                          {"trend_z", hidden ? nlohmann::json() : nlohmann::json(p.trend.z)},
                          {"trend_p", hidden ? nlohmann::json() : nlohmann::json(p.trend.p)},
                          {"trend", hidden ? nlohmann::json() : nlohmann::json(word(p.trend, e.trend_alpha))}});
  }
  j["trend_alpha"] = e.trend_alpha;
  // The value per step over all cells (persons for crossings and incidents).
  j["per_step"] = nlohmann::json::array();
  for (std::size_t t = 0; t < T; ++t) {
    double v = 0.0;
    for (std::size_t i = 0; i < e.locations; ++i) v += a.cells.step_value[i * T + t];
    j["per_step"].push_back({{"step", a.steps[t]}, {"value", v}});
  }
  return j;
}

std::string hotspot_summary_text(const hotspots::HotspotAnalysis& a, const crossings::CrossingAnalysis& cx,
                                 const LoadedInputs& in, std::size_t top, double min_count) {
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
  if (a.emerging_cells) {
    const nlohmann::json e = emerging_summary(a, min_count);
    s += fmt::format("Emerging hot spots: `{}` by {}, {} steps ({} to {}), time window {}\n", a.time_field,
                     hotspots::to_string(a.time_step), a.steps.size(), a.steps.front(), a.steps.back(),
                     a.emerging_cells->window);
    auto line = [&s](const char* what, const nlohmann::json& part) {
      s += fmt::format("  {}: {} with a dated value", what, part["locations"].get<std::size_t>());
      for (const auto& [name, n] : part["categories"].items())
        if (name != "no pattern detected") s += fmt::format(", {} {}", n.get<std::size_t>(), name);
      if (part["categories"].contains("no pattern detected"))
        s += fmt::format(", {} no pattern", part["categories"]["no pattern detected"].get<std::size_t>());
      if (part["withheld"].get<std::size_t>() > 0)
        s += fmt::format(", {} withheld (small counts)", part["withheld"].get<std::size_t>());
      s += "\n";
    };
    line("cells", e["cells"]);
    if (e.contains("segments")) line("border segments", e["segments"]);
    // Country pairs with a published trend, heaviest first.
    std::vector<const nlohmann::json*> pairs;
    for (const auto& p : e["pairs"])
      if (!p["trend"].is_null()) pairs.push_back(&p);
    auto total = [](const nlohmann::json& p) {
      double w = 0;
      for (const auto& step : p["per_step"]) w += step["weight"].get<double>();
      return w;
    };
    std::stable_sort(pairs.begin(), pairs.end(), [&](auto* x, auto* y) { return total(*x) > total(*y); });
    for (std::size_t k = 0; k < std::min<std::size_t>(pairs.size(), 5); ++k) {
      const auto& p = *pairs[k];
      const std::string from = p["from"].get<std::string>(), to = p["to"].get<std::string>();
      s += fmt::format("  {} > {} ({}): {} (Mann-Kendall z {:.2f}, p {:.3f})\n", from.empty() ? "sea" : from,
                       to.empty() ? "sea" : to, p["kind"].get<std::string>(), p["trend"].get<std::string>(),
                       p["trend_z"].get<double>(), p["trend_p"].get<double>());
    }
  }
  return s;
}

}  // namespace borderflow::geodata
