#pragma once
// Small-count suppression of summary.json (--min-count; DESIGN.md, Data
// protection). The layers are protected as they are written (LayerWriter
// rules) and the density by the hot spot analysis; this covers the summary.
#include <cstddef>

#include <nlohmann/json_fwd.hpp>

namespace borderflow::geodata {

// The default K: the Counter Trafficking Data Collaborative publishes
// aggregates of 11 or more (README, "Data protection").
inline constexpr double kDefaultMinCount = 11.0;

// Walks `section` (a part of summary.json): in every object, a weight of
// persons (weight, flow, value, ...) above 0 and below k becomes null, and so
// do the record counts and values derived from it in the same object
// (crossings, n_routes, weight_per_km, share, gi_z, ...). Returns how many
// values were suppressed.
// k <= 1: nothing is.
std::size_t protect_summary(nlohmann::json& section, double k);

}  // namespace borderflow::geodata
