#pragma once
// Steps shared by the pipeline's runs (internal to borderflow::pipeline).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/corridors/analysis.hpp"
#include "engine/crossings/analysis.hpp"
#include "engine/hotspots/analysis.hpp"
#include "geodata/load.hpp"
#include "engine/sea/sea_legs.hpp"
#include "pipeline/settings.hpp"

namespace borderflow::pipeline {

// Every input of `s`, the borders through the frontier cache (settings [cache]).
geodata::LoadedInputs load_inputs(const AnalysisSettings& s);

// `name` in the folder of `output`.
std::string beside(const std::string& output, const std::string& name);

// Throws OutputError when `output` names one of the inputs of `s` (borders,
// routes, places, ports, coast, aoi, incidents): writing it would destroy it.
void refuse_input_paths(const std::string& output, const AnalysisSettings& s);

// {"path", "sha256", "side_files"} of the file FILE[:LAYER] names, or nullopt
// when it is not a plain file (a database, a folder).
std::optional<nlohmann::json> file_checksum(const std::string& spec);

// SHA-256 of every input file of `s` (and a Shapefile's side files), for summary.json.
nlohmann::json checksums(const AnalysisSettings& s);

// The engines' options from the settings (threads applied).
crossings::CrossingAnalysisOptions crossing_options(const AnalysisSettings& s);
corridors::CorridorOptions corridor_options(const AnalysisSettings& s);

// The crossings of the inputs' routes, their sea legs routed over water
// first (settings [sea]; in.routes change): `sea` says what was routed.
crossings::CrossingAnalysis find_crossings(geodata::LoadedInputs& in, const AnalysisSettings& s,
                                           sea::SeaRoutingReport& sea);

// The extra inputs of the hot spot analysis: the area of interest and the
// incidents (lon/lat), read with the routes' assume_crs; warnings go to the
// inputs' diagnostics.
struct HotspotInputs {
  std::optional<geometry::MultiPolygon> aoi;
  std::vector<hotspots::Incident> incidents;
};
HotspotInputs read_hotspot_inputs(const AnalysisSettings& settings, geodata::LoadedInputs& inputs);

}  // namespace borderflow::pipeline
