#pragma once
// The hotspot_cells, border_segments and crossing_clusters layers of the
// output contract (DESIGN.md), density.tif, and the hot spot summary.
// Defined in hotspots_output.cpp (layers), density_raster.cpp (density.tif,
// declared in density_raster.hpp) and hotspots_summary.cpp (summary).
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/hotspots/analysis.hpp"
#include "geodata/density_raster.hpp"
#include "geodata/layer_writer.hpp"
#include "geodata/load.hpp"

namespace borderflow::geodata {

// hotspot_cells (polygons): cell_id, value, gi_z, gi_p, gi_bin, n_neighbors,
// isolated (no neighbour: gi_z, gi_p, gi_bin null), and value_<group> per
// group of the breakdown.
// border_segments (lines): segment_id, country_a, country_b (empty for
// coast), kind (land/coast), length_m (geodesic), crossings, weight,
// weight_per_km, gi_z, gi_p, gi_bin, n_neighbors, and weight_<group>.
// crossing_clusters (polygons, the convex hull): cluster_id (1 = heaviest),
// n_crossings, n_core, weight, main_pair (the from > to pair with the most
// weight in the cluster).
void write_hotspot_layers(OutputDataset& out, const hotspots::HotspotAnalysis& analysis,
                          const crossings::CrossingAnalysis& crossings);

// write_density_tif(): see density_raster.hpp.

// Field names for the groups of a breakdown: prefix + the value made safe for
// a field name ("value_2021", "value_tip", "value_none").
std::vector<std::string> group_field_names(const std::vector<std::string>& groups, const std::string& prefix);

nlohmann::json hotspot_summary(const hotspots::HotspotAnalysis& analysis, const crossings::CrossingAnalysis& crossings,
                               const LoadedInputs& inputs, const hotspots::HotspotOptions& options,
                               std::size_t top = 10);
// The emerging hot spots' part of the summary ("emerging"): steps, the count
// of each category among the rows the layers publish (withheld ones apart),
// the value per step. min_count as the layers'.
nlohmann::json emerging_summary(const hotspots::HotspotAnalysis& analysis, double min_count);

// min_count: the layers' (for the emerging hot spots' withheld rows).
std::string hotspot_summary_text(const hotspots::HotspotAnalysis& analysis,
                                 const crossings::CrossingAnalysis& crossings, const LoadedInputs& inputs,
                                 std::size_t top, double min_count);

}  // namespace borderflow::geodata
