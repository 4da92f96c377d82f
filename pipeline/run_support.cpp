#include "pipeline/run_support.hpp"

#include <filesystem>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/text.hpp"
#include "geodata/readers.hpp"
#include "geodata/source.hpp"
#include "pipeline/frontier_cache.hpp"
#include "pipeline/sea_routing.hpp"

namespace fs = std::filesystem;

namespace borderflow::pipeline {

geodata::LoadedInputs load_inputs(const AnalysisSettings& s) {
  std::string status, key;
  geodata::BorderReader reader = cached_border_reader(s, status, key);
  geodata::LoadOptions options = s.inputs;
  options.threads = s.threads;
  geodata::LoadedInputs in = geodata::load_inputs(options, reader);
  in.borders_cache_key = key;
  in.cache["borders"] = status;
  return in;
}

std::string beside(const std::string& output, const std::string& name) {
  const fs::path out(output);
  return (out.has_parent_path() ? out.parent_path() / name : fs::path(name)).string();
}

namespace {

std::vector<std::pair<const char*, const std::string*>> input_files(const AnalysisSettings& s) {
  return {{"borders", &s.inputs.borders}, {"routes", &s.inputs.routes},   {"places", &s.inputs.places},
          {"ports", &s.inputs.ports},     {"coast", &s.inputs.coast},     {"aoi", &s.hotspots.aoi},
          {"incidents", &s.hotspots.incidents}};
}

}  // namespace

void refuse_input_paths(const std::string& path, const AnalysisSettings& s) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(path, ec);
  for (const auto& [name, spec] : input_files(s)) {
    if (spec->empty()) continue;
    const fs::path p = fs::weakly_canonical(geodata::parse_source(*spec).path, ec);
    if (!ec && p == out) throw OutputError(path, "the output would overwrite the input " + *spec, "choose another `output`");
  }
}

std::optional<nlohmann::json> file_checksum(const std::string& spec) {
  const std::string path = geodata::parse_source(spec).path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  nlohmann::json j = {{"path", path}, {"sha256", sha256_file(path)}};
  // A Shapefile's attributes and CRS live in its side files: checksum them too.
  fs::path p(path);
  if (text::ascii_lower(p.extension().string()) == ".shp")
    for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
      fs::path side = p;
      side.replace_extension(ext);
      if (fs::is_regular_file(side, ec)) j["side_files"][side.filename().string()] = sha256_file(side.string());
    }
  return j;
}

nlohmann::json checksums(const AnalysisSettings& s) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, spec] : input_files(s)) {
    if (spec->empty()) continue;
    if (auto c = file_checksum(*spec)) j[name] = std::move(*c);
  }
  return j;
}

crossings::CrossingAnalysisOptions crossing_options(const AnalysisSettings& s) {
  crossings::CrossingAnalysisOptions o = s.crossing;
  o.crossing.threads = s.threads;
  return o;
}

corridors::CorridorOptions corridor_options(const AnalysisSettings& s) {
  if (s.checkpoint_elements != "nodes" && s.checkpoint_elements != "edges" && s.checkpoint_elements != "both")
    throw UsageError("`checkpoint_elements` '" + s.checkpoint_elements + "': use nodes, edges or both");
  corridors::CorridorOptions o = s.corridors;
  o.threads = s.threads;
  o.checkpoint_elements = s.checkpoint_elements == "nodes"   ? corridors::CheckpointElements::nodes
                          : s.checkpoint_elements == "edges" ? corridors::CheckpointElements::edges
                                                             : corridors::CheckpointElements::both;
  return o;
}

crossings::CrossingAnalysis find_crossings(geodata::LoadedInputs& in, const AnalysisSettings& s,
                                           sea::SeaRoutingReport& sea) {
  crossings::PreparedFrontier prepared = prepare_routes(in, s, sea);
  return crossings::analyze_crossings(std::move(prepared), in.routes.routes, in.ports, crossing_options(s),
                                      in.diagnostics);
}

HotspotInputs read_hotspot_inputs(const AnalysisSettings& s, geodata::LoadedInputs& in) {
  geodata::ReadOptions ro;
  ro.assume_crs = s.inputs.assume_crs;
  HotspotInputs h;
  if (!s.hotspots.aoi.empty()) h.aoi = geodata::read_area(s.hotspots.aoi, ro, in.diagnostics);
  if (!s.hotspots.incidents.empty()) {
    const geodata::IncidentRead r =
        geodata::read_incidents(s.hotspots.incidents, ro, s.hotspots.incident_weight, s.hotspots.by,
                                s.hotspots.time == hotspots::kAutoTime ? std::string("year")
                                : s.hotspots.time == "none"            ? std::string()
                                                                       : s.hotspots.time);
    for (std::size_t i = 0; i < r.lonlat.size(); ++i)
      h.incidents.push_back({r.lonlat[i], r.weight[i], r.group[i], r.time.empty() ? std::string() : r.time[i]});
  }
  return h;
}

}  // namespace borderflow::pipeline
