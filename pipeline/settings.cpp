#include "pipeline/settings.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace fs = std::filesystem;

namespace borderflow::pipeline {

hotspots::HotspotOptions to_options(const HotspotSettings& s, int threads) {
  using namespace hotspots;
  HotspotOptions o;
  if (s.value == "crossings") o.value = CellValue::crossings;
  else if (s.value == "route_length") o.value = CellValue::route_length;
  else if (s.value == "incidents") o.value = CellValue::incidents;
  else throw UsageError("`value` '" + s.value + "': use crossings, route_length or incidents");
  if (s.cells == "land") o.domain = CellDomain::land;
  else if (s.cells == "all") o.domain = CellDomain::all;
  else if (s.cells != "auto") throw UsageError("`cells` '" + s.cells + "': use auto, land or all");
  auto non_negative = [](double v, const char* what) {
    if (!(v >= 0.0) || !std::isfinite(v)) throw UsageError(std::string(what) + " must be a finite number >= 0");
    return v;
  };
  auto positive = [](double v, const char* what) {
    if (!(v > 0.0) || !std::isfinite(v)) throw UsageError(std::string(what) + " must be a finite number > 0");
    return v;
  };
  o.cells.cell_size_m = non_negative(s.cell_size_km, "`cell_size_km`") * 1000.0;
  o.cells.gi.band_m = non_negative(s.band_km, "`band_km`") * 1000.0;
  if (s.knn > 0) {
    o.cells.gi.weights = GiWeights::k_nearest;
    o.cells.gi.k = s.knn;
  }
  o.cells.gi.permutations = s.permutations;
  o.cells.gi.seed = s.seed;
  o.cells.gi.fdr = s.fdr;
  o.segments.segment_m = positive(s.segment_km, "`segment_km`") * 1000.0;
  o.segments.band_m = non_negative(s.segment_band_km, "`segment_band_km`") * 1000.0;
  o.segments.coast = s.segment_coast;
  o.segments.gi.permutations = s.permutations;
  o.segments.gi.seed = s.seed;
  o.segments.gi.fdr = s.fdr;
  o.clusters.eps_m = positive(s.eps_m, "`eps_m`");
  o.clusters.min_weight = positive(s.min_weight, "`min_weight`");
  o.density = s.density;
  const auto k = parse_kernel(s.kernel);
  if (!k) throw UsageError("`kernel` '" + s.kernel + "': use quartic, triweight, epanechnikov, triangular or uniform");
  o.kde.kernel = *k;
  o.kde.bandwidth_m = non_negative(s.bandwidth_m, "`bandwidth_m`");
  o.kde.pixel_m = non_negative(s.pixel_m, "`pixel_m`");
  o.by = s.by;
  o.by_allow_free_text = s.by_allow_free_text;
  o.time = s.time == "none" ? std::string() : s.time;
  const auto step = parse_time_step(s.time_step);
  if (!step) throw UsageError("`time_step` '" + s.time_step + "': use year, quarter or month");
  o.time_step = *step;
  if (s.time_window > 100) throw UsageError("`time_window` " + std::to_string(s.time_window) + ": at most 100 steps");
  o.emerging.window = s.time_window;
  if (!(s.trend_alpha > 0.0 && s.trend_alpha < 1.0)) throw UsageError("`trend_alpha` must lie between 0 and 1");
  o.emerging.trend_alpha = s.trend_alpha;
  o.threads = threads;
  return o;
}

namespace {

// One key of the config file: where it goes and how it is read.
struct Key {
  std::function<void(const toml::node&)> set;
  std::function<nlohmann::json()> get;
};

template <typename T>
Key bind(T& target);

template <>
Key bind(std::string& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_string()) throw std::invalid_argument("a text in quotes");
            t = *n.value<std::string>();
          },
          [&t] { return nlohmann::json(t); }};
}
template <>
Key bind(double& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_number()) throw std::invalid_argument("a number");
            t = *n.value<double>();
          },
          [&t] { return nlohmann::json(t); }};
}
template <>
Key bind(bool& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_boolean()) throw std::invalid_argument("true or false");
            t = *n.value<bool>();
          },
          [&t] { return nlohmann::json(t); }};
}
template <>
Key bind(std::size_t& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_integer() || *n.value<std::int64_t>() < 0) throw std::invalid_argument("a whole number >= 0");
            t = static_cast<std::size_t>(*n.value<std::int64_t>());
          },
          [&t] { return nlohmann::json(t); }};
}
Key bind_seed(std::uint64_t& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_integer() || *n.value<std::int64_t>() < 0) throw std::invalid_argument("a whole number >= 0");
            t = static_cast<std::uint64_t>(*n.value<std::int64_t>());
          },
          [&t] { return nlohmann::json(t); }};
}
template <>
Key bind(int& t) {
  return {[&t](const toml::node& n) {
            if (!n.is_integer()) throw std::invalid_argument("a whole number");
            t = static_cast<int>(*n.value<std::int64_t>());
          },
          [&t] { return nlohmann::json(t); }};
}

// section -> key -> binding, in the documented layout.
std::map<std::string, std::map<std::string, Key>> keys_of(AnalysisSettings& s) {
  auto& h = s.hotspots;
  return {
      {"inputs",
       {{"borders", bind(s.inputs.borders)},
        {"routes", bind(s.inputs.routes)},
        {"places", bind(s.inputs.places)},
        {"ports", bind(s.inputs.ports)},
        {"coast", bind(s.inputs.coast)},
        {"border_id", bind(s.inputs.border_id)},
        {"where", bind(s.inputs.where)},
        {"assume_crs", bind(s.inputs.assume_crs)},
        {"crs", bind(s.inputs.crs)},
        {"confidence_weight", bind(s.inputs.confidence_weight)}}},
      {"crossings",
       {{"port_radius_m", bind(s.crossing.crossing.port_radius_m)},
        {"coast_gap_m", bind(s.crossing.crossing.coast_gap_m)},
        {"snap_m", bind(s.crossing.borders.snap_m)}}},
      {"sea",
       {{"routing", bind(s.sea.routing)},
        {"min_channel_m", bind(s.sea.min_channel_m)},
        {"port_reach_km", bind(s.sea.port_reach_km)}}},
      {"corridors",
       {{"snap_m", bind(s.corridors.graph.snap_m)},
        {"checkpoints", bind(s.corridors.checkpoints)},
        {"checkpoint_elements", bind(s.checkpoint_elements)}}},
      {"hotspots",
       {{"value", bind(h.value)},
        {"cells", bind(h.cells)},
        {"cell_size_km", bind(h.cell_size_km)},
        {"band_km", bind(h.band_km)},
        {"knn", bind(h.knn)},
        {"permutations", bind(h.permutations)},
        {"seed", bind_seed(h.seed)},
        {"fdr", bind(h.fdr)},
        {"by", bind(h.by)},
        {"by_allow_free_text", bind(h.by_allow_free_text)},
        {"time", bind(h.time)},
        {"time_step", bind(h.time_step)},
        {"time_window", bind(h.time_window)},
        {"trend_alpha", bind(h.trend_alpha)},
        {"aoi", bind(h.aoi)},
        {"incidents", bind(h.incidents)},
        {"incident_weight", bind(h.incident_weight)}}},
      {"segments",
       {{"segment_km", bind(h.segment_km)}, {"band_km", bind(h.segment_band_km)}, {"coast", bind(h.segment_coast)}}},
      {"clusters", {{"eps_m", bind(h.eps_m)}, {"min_weight", bind(h.min_weight)}}},
      {"density",
       {{"enabled", bind(h.density)},
        {"kernel", bind(h.kernel)},
        {"bandwidth_m", bind(h.bandwidth_m)},
        {"pixel_m", bind(h.pixel_m)}}},
      {"cache", {{"enabled", bind(s.cache.enabled)}, {"dir", bind(s.cache.dir)}, {"max_mb", bind(s.cache.max_mb)}}},
      {"output",
       {{"path", bind(s.output)},
        {"driver", bind(s.driver)},
        {"density", bind(s.density)},
        {"summary", bind(s.summary)},
        {"threads", bind(s.threads)},
        {"top", bind(s.top)},
        {"min_count", bind(s.min_count)}}},
  };
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// The known name nearest to `name` by edit distance (ties: the longer
// common prefix), if it is near enough to be a likely typo.
std::string closest(const std::string& name, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = 0, best_prefix = 0;
  for (const auto& k : known) {
    const std::size_t d = text::edit_distance(text::decode_utf8(name), text::decode_utf8(k));
    std::size_t prefix = 0;
    while (prefix < name.size() && prefix < k.size() && name[prefix] == k[prefix]) ++prefix;
    if (best.empty() || d < best_d || (d == best_d && prefix > best_prefix)) {
      best = k;
      best_d = d;
      best_prefix = prefix;
    }
  }
  return best_d <= std::max<std::size_t>(2, std::max(name.size(), best.size()) / 3) ? best : std::string();
}

}  // namespace

void read_config(const std::string& path, AnalysisSettings& s) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw InputError(InputLocation(path), "the config file does not exist or is not a file", "check the path given to `config`");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw InputError(InputLocation(path), "cannot read the config file");
  apply_config(text.str(), path, fs::path(path).parent_path().string(), s);
}

void apply_config(const std::string& text, const std::string& path, const std::string& base_dir, AnalysisSettings& s) {
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    InputLocation where(path);
    where.line = static_cast<std::int64_t>(e.source().begin.line);
    throw InputError(where, std::string("not valid TOML: ") + std::string(e.description()),
                     "see the example config in geodata/samples/bangladesh/analysis.toml");
  }
  auto keys = keys_of(s);
  std::vector<std::string> sections;
  for (const auto& [name, k] : keys) sections.push_back(name);
  const fs::path base(base_dir);
  for (auto&& [section_key, section_node] : table) {
    const std::string section(section_key.str());
    InputLocation where(path);
    where.line = static_cast<std::int64_t>(section_node.source().begin.line);
    const auto it = keys.find(section);
    if (it == keys.end()) {
      const std::string near = closest(section, sections);
      throw InputError(where, "unknown section [" + section + "]",
                       near.empty() ? "sections: inputs, crossings, corridors, hotspots, segments, clusters, density, output"
                                    : "did you mean [" + near + "]?");
    }
    const toml::table* t = section_node.as_table();
    if (!t) throw InputError(where, "'" + section + "' must be a section ([" + section + "])");
    std::vector<std::string> names;
    for (const auto& [k, b] : it->second) names.push_back(k);
    for (auto&& [key, node] : *t) {
      const std::string name(key.str());
      InputLocation at(path);
      at.line = static_cast<std::int64_t>(node.source().begin.line);
      const auto kt = it->second.find(name);
      if (kt == it->second.end()) {
        const std::string near = closest(name, names);
        throw InputError(at, "unknown key '" + name + "' in [" + section + "]",
                         near.empty() ? "keys of [" + section + "]: " + join(names)
                                      : "did you mean '" + near + "'?");
      }
      try {
        kt->second.set(node);
      } catch (const std::invalid_argument& e) {
        throw InputError(at, "'" + name + "' in [" + section + "] must be " + e.what());
      }
    }
  }
  // Paths in the file are relative to the file.
  auto rebase = [&](std::string& p) {
    if (p.empty()) return;
    const fs::path candidate(p);
    if (candidate.is_absolute() || base.empty()) return;
    p = (base / candidate).lexically_normal().string();
  };
  for (std::string* p : {&s.inputs.borders, &s.inputs.routes, &s.inputs.places, &s.inputs.ports, &s.inputs.coast,
                         &s.hotspots.aoi, &s.hotspots.incidents, &s.output, &s.density, &s.summary, &s.cache.dir})
    rebase(*p);
}

double checked_min_count(double k) {
  if (!std::isfinite(k) || k < 0.0)
    throw UsageError("`min_count` must be a number >= 0 (0 or 1 publishes every count; the default, " +
                     std::to_string(static_cast<int>(geodata::kDefaultMinCount)) + ", suppresses 1 to 10)");
  return k;
}

nlohmann::json settings_json(const AnalysisSettings& const_s) {
  AnalysisSettings& s = const_cast<AnalysisSettings&>(const_s);  // the bindings only read here
  nlohmann::json j;
  for (const auto& [section, keys] : keys_of(s))
    for (const auto& [name, key] : keys) j[section][name] = key.get();
  return j;
}

}  // namespace borderflow::pipeline
