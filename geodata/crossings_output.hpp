#pragma once
// The `borders` and `crossings` layers of the output contract (DESIGN.md),
// and the crossings summary for reports and summary.json.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/crossings/analysis.hpp"
#include "engine/routes/route_graph.hpp"
#include "geodata/layer_writer.hpp"
#include "geodata/load.hpp"

namespace borderflow::geodata {

// borders: country_a, country_b (empty for coast), kind (land/coast), length_m
// (geodesic metres on WGS 84).
void write_borders_layer(OutputDataset& out, const crossings::CrossingAnalysis& analysis);

// crossings: crossing_id, edge_id (the route_edges edge of the leg, when
// `graph` is given; else null), from_country, to_country, kind
// (land/coast_out/coast_in), weight, formal, port, port_dist_m, route_id, leg.
void write_crossings_layer(OutputDataset& out, const crossings::CrossingAnalysis& analysis,
                           const LoadedInputs& inputs, const routes::RouteGraph* graph = nullptr);

nlohmann::json crossings_summary(const crossings::CrossingAnalysis& analysis, const LoadedInputs& inputs);
std::string crossings_summary_text(const crossings::CrossingAnalysis& analysis);

}  // namespace borderflow::geodata
