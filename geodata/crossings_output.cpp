#include "geodata/crossings_output.hpp"
#include "geodata/output_contract.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/geometry/geodesic.hpp"

namespace borderflow::geodata {

void write_borders_layer(OutputDataset& out, const crossings::CrossingAnalysis& a) {
  LayerWriter& layer = out.create_layer(contract::kBorders, GeometryType::line,
                                        {{"country_a", FieldType::text}, {"country_b", FieldType::text},
                                         {"kind", FieldType::text}, {"length_m", FieldType::real}});
  for (const auto& b : a.borders) {
    geometry::MultiLineString lonlat = b.path;
    for (auto& l : lonlat) a.projection.inverse_in_place(l);
    const bool coast = b.unit_b.empty();
    layer.add(lonlat, {b.unit_a, coast ? FieldValue{std::string()} : FieldValue{b.unit_b},
                       std::string(coast ? "coast" : "land"), geometry::geodesic_length_m(lonlat)});
  }
}

void write_crossings_layer(OutputDataset& out, const crossings::CrossingAnalysis& a, const LoadedInputs& in,
                           const routes::RouteGraph* graph) {
  // Each crossing carries its route's weight (persons): below K it is
  // suppressed with the route's id; pair totals are in the summary.
  ProtectionRule rule;
  rule.measures.push_back({"weight", {"weight", "route_id", "leg"},
                           {{"from_country", "to_country", "kind"}, {"from_country", "to_country", "kind", "formal"}}});
  LayerWriter& layer = out.create_layer(
      contract::kCrossings, GeometryType::point,
      {{"crossing_id", FieldType::integer}, {"edge_id", FieldType::integer}, {"from_country", FieldType::text},
       {"to_country", FieldType::text}, {"kind", FieldType::text}, {"weight", FieldType::real},
       {"formal", FieldType::boolean}, {"port", FieldType::text}, {"port_dist_m", FieldType::real},
       {"route_id", FieldType::text}, {"leg", FieldType::integer}},
      std::move(rule));
  const auto& units = a.frontier.units();
  std::int64_t id = 0;
  for (const auto& c : a.result.crossings) {
    FieldValue edge_id;
    if (graph)
      if (const auto& e = graph->leg_edges()[c.route][c.leg]) edge_id = static_cast<std::int64_t>(*e + 1);
    layer.add(c.lonlat,
              {++id, edge_id, c.from_unit ? units[*c.from_unit].id : std::string(),
               c.to_unit ? units[*c.to_unit].id : std::string(), std::string(crossings::to_string(c.kind)), c.weight,
               c.port.has_value(), c.port ? FieldValue{in.ports[*c.port].name} : FieldValue{},
               c.port ? FieldValue{c.port_dist_m} : FieldValue{}, in.routes.routes[c.route].attributes.route_id,
               static_cast<std::int64_t>(c.leg + 1)});
  }
}

nlohmann::json crossings_summary(const crossings::CrossingAnalysis& a, const LoadedInputs&) {
  nlohmann::json j;
  std::size_t formal = 0;
  double weight = 0.0;
  double formal_weight = 0.0;
  for (const auto& c : a.result.crossings) {
    weight += c.weight;
    if (c.port) {
      ++formal;
      formal_weight += c.weight;
    }
  }
  j["crossings"] = a.result.crossings.size();
  j["weight"] = weight;
  j["formal"] = formal;
  j["formal_weight_share"] = weight > 0 ? formal_weight / weight : 0.0;
  j["legs"] = a.result.legs;
  j["air_legs"] = a.result.air_legs;
  std::size_t land_borders = 0;
  for (const auto& b : a.borders) land_borders += b.unit_b.empty() ? 0 : 1;
  j["land_border_pairs"] = land_borders;
  j["by_pair"] = nlohmann::json::array();
  for (const auto& row : crossings::summarize(a))
    j["by_pair"].push_back({{"from", row.from}, {"to", row.to}, {"kind", crossings::to_string(row.kind)},
                            {"crossings", row.crossings}, {"weight", row.weight}, {"formal", row.formal},
                            {"formal_weight", row.formal_weight}});
  return j;
}

std::string crossings_summary_text(const crossings::CrossingAnalysis& a) {
  std::string s = fmt::format("{:<6} {:<6} {:<10} {:>9} {:>9} {:>8}\n", "from", "to", "kind", "crossings", "weight",
                              "formal");
  for (const auto& row : crossings::summarize(a))
    s += fmt::format("{:<6} {:<6} {:<10} {:>9} {:>9.0f} {:>7.0f}%\n", row.from.empty() ? "sea" : row.from,
                     row.to.empty() ? "sea" : row.to, crossings::to_string(row.kind), row.crossings, row.weight,
                     row.weight > 0 ? 100.0 * row.formal_weight / row.weight : 0.0);
  return s;
}

}  // namespace borderflow::geodata
