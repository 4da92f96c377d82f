#include "engine/hotspots/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <map>
#include <stdexcept>
#include <tuple>

#include "engine/core/text.hpp"
#include "engine/geometry/geodesic.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::hotspots {

std::string_view to_string(CellValue v) noexcept {
  switch (v) {
    case CellValue::crossings: return "crossings";
    case CellValue::route_length: return "route_length";
    case CellValue::incidents: return "incidents";
  }
  return "crossings";
}

std::string group_value(const routes::RouteAttributes& a, const std::string& field) {
  const std::string key = text::match_key(field);
  if (key == "year") return a.year ? std::to_string(*a.year) : std::string();
  if (key == "crime") return a.crime == routes::Crime::unknown ? std::string() : std::string(routes::to_string(a.crime));
  if (key == "sex") return a.sex;
  if (key == "age_group" || key == "agegroup") return a.age_group;
  if (key == "exploitation") return a.exploitation;
  if (key == "source") return a.source;
  for (const auto& [name, value] : a.extra)
    if (text::match_key(name) == key) return value;
  return {};
}

namespace {

bool is_known_field(const std::string& field, const std::vector<routes::Route>& routes) {
  const std::string key = text::match_key(field);
  for (const char* k : {"year", "crime", "sex", "age_group", "agegroup", "exploitation", "source"})
    if (key == k) return true;
  for (const auto& r : routes)
    for (const auto& [name, value] : r.attributes.extra)
      if (text::match_key(name) == key) return true;
  return false;
}

std::string label(const std::string& g) { return g.empty() ? "(none)" : g; }

}  // namespace

namespace {

// The group of an incident's field value, normalised as the routes' are
// (crime codes, whole years), so that one category is one group.
std::string incident_group(const std::string& field, const std::string& raw) {
  const std::string key = text::match_key(field);
  const std::string v = text::trim(raw);
  if (key == "crime")
    if (const auto c = routes::parse_crime(v); c && *c != routes::Crime::unknown) return std::string(routes::to_string(*c));
  if (key == "year") {
    try {
      std::size_t used = 0;
      const double y = std::stod(v, &used);
      if (used == v.size() && y == std::floor(y)) return std::to_string(static_cast<long long>(y));
    } catch (const std::exception&) {
    }
  }
  return v;
}

constexpr std::size_t kMaxGroups = 100;

HotspotAnalysis analyze(const crossings::CrossingAnalysis& cx, const std::vector<routes::Route>& routes,
                        const std::optional<geometry::MultiPolygon>& aoi_lonlat, const std::vector<Incident>& incidents,
                        const HotspotOptions& o, Diagnostics& diagnostics) {
  HotspotAnalysis out;
  out.value = o.value;
  const auto& proj = cx.projection;
  const auto& units = cx.frontier.units();
  // Legs are densified as the crossing engine does, then projected.
  auto projected = [&](const geometry::LineString& lonlat) {
    geometry::LineString l = geometry::densify(lonlat, 0.05);
    proj.forward_in_place(l);
    return l;
  };

  // Groups of the breakdown.
  if (!o.by.empty() && !is_known_field(o.by, routes))
    throw UsageError("`by` " + o.by + ": the routes have no field of that name\n  hint: use year, crime, sex, age_group, "
                     "exploitation, source or a field of the route layer");
  std::vector<std::string> route_group(routes.size());
  std::map<std::string, std::uint32_t> group_index;
  if (!o.by.empty()) {
    for (std::size_t r = 0; r < routes.size(); ++r) {
      route_group[r] = label(group_value(routes[r].attributes, o.by));
      group_index.emplace(route_group[r], 0);
    }
    if (o.value == CellValue::incidents)
      for (const auto& i : incidents) group_index.emplace(label(incident_group(o.by, i.group)), 0);
    if (!o.by_allow_free_text) {
      std::size_t longest = 0;
      for (const auto& [name, idx] : group_index) longest = std::max(longest, text::decode_utf8(name).size());
      if (group_index.size() > kFreeTextValues || longest > kFreeTextLength)
        throw UsageError("`by` " + o.by + " looks like free text (" + std::to_string(group_index.size()) +
                         " different values, the longest of " + std::to_string(longest) +
                         " characters): its values would become column names of the outputs, and a name or a note "
                         "can identify a record\n  hint: break down by a field of a few categories (year, crime, sex, "
                         "age_group), or give `by_allow_free_text` if the values are categories");
    }
    if (group_index.size() > kMaxGroups)
      throw UsageError("`by` " + o.by + " has " + std::to_string(group_index.size()) + " different values; at most " +
                       std::to_string(kMaxGroups) + " groups are kept\n  hint: break down by a field with fewer values (year, crime, sex, age_group)");
    // Years sort as numbers would (same width); "(none)" last.
    for (auto& [name, idx] : group_index) out.groups.push_back(name);
    std::stable_partition(out.groups.begin(), out.groups.end(), [](const std::string& g) { return g != "(none)"; });
    for (std::uint32_t g = 0; g < out.groups.size(); ++g) group_index[out.groups[g]] = g;
  } else {
    out.groups.push_back("");
  }
  const std::size_t groups = out.groups.size();
  auto group_of_route = [&](std::size_t r) -> std::uint32_t {
    return o.by.empty() ? 0 : group_index.at(route_group[r]);
  };

  // Time steps of the emerging hot spots: of the routes, or of the incidents
  // when they are the value (the border segments count crossings, so they
  // take the routes' steps when the routes have the field).
  const bool by_incidents = o.value == CellValue::incidents;
  const bool auto_time = o.time == kAutoTime;
  const std::string time_field = auto_time ? std::string("year") : o.time;
  std::vector<std::optional<std::int64_t>> route_key(routes.size()), incident_key(incidents.size());
  if (!time_field.empty()) {
    const bool route_field = is_known_field(time_field, routes);
    if (!auto_time && !by_incidents && !route_field)
      throw UsageError("`time` " + time_field + ": the routes have no field of that name\n  hint: use year, a date field "
                       "of the route layer, or `time` none");
    if (route_field)
      for (std::size_t r = 0; r < routes.size(); ++r)
        route_key[r] = time_step_key(group_value(routes[r].attributes, time_field), o.time_step);
    if (by_incidents)
      for (std::size_t i = 0; i < incidents.size(); ++i) incident_key[i] = time_step_key(incidents[i].time, o.time_step);
    const auto& keys = by_incidents ? incident_key : route_key;
    std::optional<std::int64_t> lo, hi;
    std::size_t missing = 0;
    for (const auto& k : keys) {
      if (!k) {
        ++missing;
        continue;
      }
      lo = lo ? std::min(*lo, *k) : *k;
      hi = hi ? std::max(*hi, *k) : *k;
    }
    const std::string what = by_incidents ? "incidents" : "routes";
    if (!lo) {
      if (!auto_time)
        throw UsageError("`time` " + time_field + ": no " + what.substr(0, what.size() - 1) + " has a " +
                         std::string(to_string(o.time_step)) +
                         " in it\n  hint: the field must hold years (2021) or dates (2021-03-15); a field of years "
                         "takes `time_step` year");
    } else {
      const auto count = static_cast<std::uint64_t>(*hi - *lo) + 1;
      if (count > kMaxTimeSteps)
        throw UsageError("`time` " + time_field + ": " + std::to_string(count) + " " + std::string(to_string(o.time_step)) +
                         "s from " + time_step_label(*lo, o.time_step) + " to " + time_step_label(*hi, o.time_step) +
                         "; at most " + std::to_string(kMaxTimeSteps) + " steps\n  hint: choose a longer `time_step`, or check the field for wrong dates");
      out.time_field = time_field;
      out.time_step = o.time_step;
      out.time_missing = missing;
      for (std::int64_t k = *lo; k <= *hi; ++k) out.steps.push_back(time_step_label(k, o.time_step));
      for (auto* ks : {&route_key, &incident_key})
        for (auto& k : *ks)
          if (k) k = *k >= *lo && *k <= *hi ? std::optional<std::int64_t>(*k - *lo) : std::nullopt;
      if (missing > 0)
        diagnostics.warn({}, std::to_string(missing) + " " + what + " have no " + std::string(to_string(o.time_step)) +
                                 " in `" + time_field + "`: they count in every output but not in the emerging hot spots");
      if (out.steps.size() == 1) {
        diagnostics.warn({}, "every dated record falls in " + out.steps.front() +
                                 ": one time step, so no emerging hot spots (they need two or more)");
        out.steps.clear();
      } else if (out.steps.size() < 10) {
        diagnostics.warn({}, "emerging hot spots over " + std::to_string(out.steps.size()) + " " +
                                 std::string(to_string(o.time_step)) +
                                 "s: the Mann-Kendall trend of fewer than 10 steps has little power");
      }
    }
  }
  const std::size_t steps = out.steps.size();
  auto step_of = [&](const std::optional<std::int64_t>& k) -> std::uint32_t {
    return steps > 0 && k ? static_cast<std::uint32_t>(*k) : kNoStep;
  };

  // Domain: land, unless a route goes by sea or river.
  bool water = false;
  for (const auto& r : routes)
    for (const auto& l : r.legs) water = water || l.mode == routes::Mode::sea || l.mode == routes::Mode::river;
  out.domain = o.domain ? *o.domain : (water ? CellDomain::all : CellDomain::land);

  // Area: the routes' extent (working CRS), or the area of interest.
  geometry::Extent area;
  std::optional<frontier::Frontier> aoi;
  if (aoi_lonlat) {
    frontier::BorderUnit u;
    u.id = "aoi";
    u.area = *aoi_lonlat;
    aoi.emplace(std::vector<frontier::BorderUnit>{u}, proj);
    area = aoi->units().front().extent;
  } else {
    for (const auto& r : routes)
      for (const auto& l : r.legs) {
        if (l.mode == routes::Mode::air) continue;
        for (const auto& p : projected(l.path)) area.expand(p);
      }
  }
  if (area.empty()) throw InputError({}, "no route leg on the ground to bound the hot spot grid",
                                     "give `aoi` FILE, or routes with land, river or sea legs");

  // The points (or lines) counted.
  std::vector<WeightedPoint> points;
  std::vector<WeightedLine> lines;
  std::vector<std::size_t> point_source;
  switch (o.value) {
    case CellValue::crossings:
      for (std::size_t i = 0; i < cx.result.crossings.size(); ++i) {
        const auto& c = cx.result.crossings[i];
        points.push_back({c.xy, c.weight, group_of_route(c.route), step_of(route_key[c.route])});
        point_source.push_back(i);
      }
      out.incidents = points.size();
      break;
    case CellValue::incidents:
      for (std::size_t i = 0; i < incidents.size(); ++i) {
        const auto& inc = incidents[i];
        const std::uint32_t g = o.by.empty() ? 0 : group_index.at(label(incident_group(o.by, inc.group)));
        points.push_back({proj.forward(inc.lonlat), inc.weight, g, step_of(incident_key[i])});
        point_source.push_back(i);
      }
      out.incidents = points.size();
      break;
    case CellValue::route_length:
      for (std::size_t r = 0; r < routes.size(); ++r)
        for (const auto& l : routes[r].legs) {
          if (l.mode == routes::Mode::air) continue;
          lines.push_back({projected(l.path), routes[r].attributes.weight, group_of_route(r), static_cast<std::uint32_t>(r),
                           step_of(route_key[r])});
        }
      out.incidents = routes.size();
      break;
  }
  if (out.incidents < 30)
    diagnostics.warn({}, "only " + std::to_string(out.incidents) + " " +
                             (o.value == CellValue::route_length ? "routes" : o.value == CellValue::incidents ? "incidents" : "crossings") +
                             ": hot spot statistics on fewer than 30 incidents are unreliable");

  // Cells.
  HexHotspotOptions co = o.cells;
  co.domain = out.domain;
  co.gi.threads = o.threads;
  co.gi.keep_neighbours = true;  // for --min-count: Gi* z next to a suppressed cell
  co.steps = steps;
  out.cells = hex_hotspots(area, aoi ? &*aoi : nullptr, &cx.frontier, points, lines, groups, co);
  EmergingOptions eo = o.emerging;
  eo.threads = o.threads;
  eo.fdr = o.cells.gi.fdr;
  if (steps > 0) out.emerging_cells = emerging_hotspots(out.cells.step_value, steps, out.cells.gi.neighbours, eo);
  if (out.cells.gi.band_automatic && out.cells.gi.band_m > 2.01 * out.cells.grid.cell_size_m())
    diagnostics.warn({}, "the automatic Gi* distance band is " + std::to_string(static_cast<long long>(out.cells.gi.band_m)) +
                             " m, more than twice the cell size, because some cells lie far from any other "
                             "(islands); give `band_km` or `cells` all");

  // Border segments.
  std::vector<SegmentCrossing> sc;
  for (const auto& c : cx.result.crossings) {
      SegmentCrossing s;
      s.xy = c.xy;
      s.weight = c.weight;
      s.group = group_of_route(c.route);
      s.step = step_of(route_key[c.route]);
      if (c.kind == crossings::CrossingKind::land && c.from_unit && c.to_unit) {
        s.unit_a = units[*c.from_unit].id;
        s.unit_b = units[*c.to_unit].id;
        if (s.unit_b < s.unit_a) std::swap(s.unit_a, s.unit_b);
      } else {
        const auto u = c.kind == crossings::CrossingKind::coast_out ? c.from_unit : c.to_unit;
        if (!u) continue;
        s.unit_a = units[*u].id;
      }
      sc.push_back(std::move(s));
    }
  BorderSegmentOptions so = o.segments;
  so.gi.threads = o.threads;
  so.gi.keep_neighbours = true;
  so.steps = steps;
  out.segments = border_segments(cx.borders, sc, groups, so);
  if (steps > 0) {
    EmergingOptions se = eo;
    se.fdr = o.segments.gi.fdr;
    out.emerging_segments = emerging_hotspots(out.segments.step_weight, steps, out.segments.gi.neighbours, se);
  }
  for (auto& seg : out.segments.segments) {
    geometry::LineString lonlat = seg.path;
    proj.inverse_in_place(lonlat);
    seg.geodesic_length_m = geometry::geodesic_length_m(lonlat);
  }

  // Trends per country pair: the crossings of dated routes per step.
  if (steps > 0) {
    std::map<std::tuple<std::string, std::string, std::string>, PairTrend> pairs;
    for (const auto& c : cx.result.crossings) {
      const std::uint32_t t = step_of(route_key[c.route]);
      if (t == kNoStep) continue;
      const std::string from = c.from_unit ? units[*c.from_unit].id : std::string();
      const std::string to = c.to_unit ? units[*c.to_unit].id : std::string();
      const std::string kind(crossings::to_string(c.kind));
      PairTrend& p = pairs[{from, to, kind}];
      if (p.weight.empty()) {
        p.from = from;
        p.to = to;
        p.kind = kind;
        p.weight.assign(steps, 0.0);
        p.crossings.assign(steps, 0);
      }
      p.weight[t] += c.weight;
      ++p.crossings[t];
    }
    for (auto& [key, p] : pairs) {
      p.trend = mann_kendall(p.weight);
      out.pair_trends.push_back(std::move(p));
    }
  }

  // Clusters and density: of the incidents when they are the value, else of
  // the crossings (also when cells count route length).
  std::vector<geometry::Coord> xy;
  std::vector<double> w;
  out.cluster_points.clear();
  if (o.value == CellValue::incidents) {
    for (std::size_t k = 0; k < points.size(); ++k) {
      xy.push_back(points[k].xy);
      w.push_back(points[k].weight);
      out.cluster_points.push_back(point_source[k]);
    }
  } else {
    for (std::size_t i = 0; i < cx.result.crossings.size(); ++i) {
      xy.push_back(cx.result.crossings[i].xy);
      w.push_back(cx.result.crossings[i].weight);
      out.cluster_points.push_back(i);
    }
  }
  out.clusters_of_crossings = o.value != CellValue::incidents;
  DbscanOptions dopt = o.clusters;
  dopt.threads = o.threads;
  out.clusters = dbscan(xy, w, dopt);
  if (o.density && !xy.empty()) {
    KernelDensityOptions k = o.kde;
    k.threads = o.threads;
    if (k.bandwidth_m == 0.0 && !(bandwidth_rule(xy, w) > 0.0))
      diagnostics.warn({}, "no density raster: the " + std::string(o.value == CellValue::incidents ? "incidents" : "crossings") +
                               " lie at one point, so the bandwidth rule gives nothing; give `bandwidth_m`");
    else
      out.density = kernel_density(xy, w, k);
    if (out.density && o.min_count > 1.0) {
      // The weight within the bandwidth of each pixel: the uniform kernel on
      // the same grid times the disc's area. A pixel that fewer than
      // min_count persons reach would show where a small group crossed.
      KernelDensityOptions u = k;
      u.kernel = Kernel::uniform;
      u.bandwidth_m = out.density->bandwidth_m;
      u.pixel_m = out.density->pixel_m;
      u.extent = out.density->extent;
      const DensityRaster support = kernel_density(xy, w, u);
      const double disc_km2 = std::numbers::pi * u.bandwidth_m * u.bandwidth_m / 1e6;
      const double tol = 1e-9 * o.min_count;
      for (std::size_t i = 0; i < support.per_km2.size() && i < out.density->per_km2.size(); ++i) {
        const double within = support.per_km2[i] * disc_km2;
        if (within > tol && within < o.min_count - tol) {
          out.density->per_km2[i] = std::numeric_limits<double>::quiet_NaN();
          ++out.density_suppressed;
        }
      }
    }
  } else if (o.density) {
    diagnostics.warn({}, "no density raster: there are no points");
  }
  return out;
}

}  // namespace

HotspotAnalysis analyze_hotspots(const crossings::CrossingAnalysis& cx, const std::vector<routes::Route>& routes,
                                 const std::optional<geometry::MultiPolygon>& aoi, const std::vector<Incident>& incidents,
                                 const HotspotOptions& o, Diagnostics& diagnostics) {
  try {
    return analyze(cx, routes, aoi, incidents, o, diagnostics);
  } catch (const std::invalid_argument& e) {
    // Out-of-range options reach the statistics as invalid_argument: the
    // user's to fix, not a bug.
    throw UsageError(std::string(e.what()) +
                     "\n  hint: check `cell_size_km`, `band_km`, `segment_km`, `eps_m`, `min_weight`, `bandwidth_m` and `pixel_m`");
  }
}

}  // namespace borderflow::hotspots
