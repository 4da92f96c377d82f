#include "geodata/protection.hpp"

#include "engine/protection/disclosure.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borderflow::geodata {
namespace {

// Weights of persons (the numbers the threshold is about) in the summary's
// objects: weights, flows, cell values, totals.
constexpr std::array<std::string_view, 10> kCounts = {"weight", "formal_weight", "flow", "flow_in", "flow_out",
                                                      "intercepted_flow", "value", "border_weight", "total_value",
                                                      "min_cut_flow"};
// Emptied with them in the same object: the number of records (crossings,
// routes) behind a suppressed weight, and what is computed from it.
constexpr std::array<std::string_view, 12> kDerived = {"crossings", "formal", "n_routes", "n_crossings", "points",
                                                       "core_points", "weight_per_km", "share",
                                                       "formal_weight_share", "gi_z", "gi_p", "cumulative_share"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& set, const std::string& key) {
  for (auto s : set)
    if (s == key) return true;
  return false;
}

// Objects whose every number is a weight of persons: "weight_by_crime": {"tip": 3}.
bool all_weights(const std::string& key) { return key.rfind("weight_by_", 0) == 0; }

bool below(const nlohmann::json& v, double k) {
  if (!v.is_number()) return false;
  const double x = v.get<double>();
  return x > 0.0 && x < k;
}

// The rows of a published table (by_pair, top lists, groups): where exactly
// one row would have a weight hidden, the smallest other one is hidden too,
// so that the table's published total cannot give it back by subtraction
// (rule 2 of engine/protection/disclosure.hpp, the table as one group).
// Returns the rows to hide, per key, as pointers into `rows`.
void complement_rows(nlohmann::json& rows, double k, std::vector<std::pair<nlohmann::json*, std::string>>& extra) {
  for (const auto key : kCounts) {
    const std::string name(key);
    protection::Table table;
    table.rows = rows.size();
    protection::Measure m;
    bool any = false;
    for (const auto& row : rows) {
      const bool has = row.is_object() && row.contains(name) && row[name].is_number();
      m.value.push_back(has ? std::optional<double>(row[name].get<double>()) : std::nullopt);
      any = any || has;
    }
    if (!any) continue;
    m.group_keys = {std::vector<std::string>(rows.size())};
    table.measures.push_back(std::move(m));
    const protection::Withheld w = protection::withhold(table, k);
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (w.measure[0][i] && !below(rows[i][name], k)) extra.emplace_back(&rows[i], name);  // complements only
  }
}

std::size_t hide(nlohmann::json& object, const std::string& key) {
  std::size_t n = 0;
  if (!object[key].is_null()) {
    object[key] = nullptr;
    ++n;
  }
  for (auto it = object.begin(); it != object.end(); ++it)
    if (in(kDerived, it.key()) && !it->is_null()) {
      *it = nullptr;
      ++n;
    }
  return n;
}

std::size_t walk(nlohmann::json& j, double k, bool weights_only = false) {
  std::size_t n = 0;
  if (j.is_array()) {
    std::vector<std::pair<nlohmann::json*, std::string>> extra;
    complement_rows(j, k, extra);
    for (auto& x : j) n += walk(x, k);
    for (auto& [row, key] : extra) n += hide(*row, key);
    return n;
  }
  if (!j.is_object()) return 0;
  std::vector<std::string> hidden;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_number() && (weights_only || in(kCounts, it.key()))) {
      if (below(*it, k)) hidden.push_back(it.key());
    } else {
      n += walk(*it, k, all_weights(it.key()));
    }
  }
  for (const auto& key : hidden) n += hide(j, key);
  return n;
}

}  // namespace

std::size_t protect_summary(nlohmann::json& section, double k) { return k > 1.0 ? walk(section, k) : 0; }

}  // namespace borderflow::geodata
