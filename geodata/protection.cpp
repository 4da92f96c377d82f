#include "geodata/protection.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

namespace borderflow::geodata {
namespace {

// Weights of persons (the numbers the threshold is about) in the summary's
// objects: weights, flows, cell values.
constexpr std::array<std::string_view, 7> kCounts = {"weight", "formal_weight", "flow", "flow_in", "flow_out",
                                                     "intercepted_flow", "value"};
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

std::size_t walk(nlohmann::json& j, double k) {
  std::size_t n = 0;
  if (j.is_array()) {
    for (auto& x : j) n += walk(x, k);
    return n;
  }
  if (!j.is_object()) return 0;
  bool hidden = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_number() && in(kCounts, it.key())) {
      const double v = it->get<double>();
      if (v > 0.0 && v < k) {
        *it = nullptr;
        ++n;
        hidden = true;
      }
    } else {
      n += walk(*it, k);
    }
  }
  if (hidden)
    for (auto it = j.begin(); it != j.end(); ++it)
      if (in(kDerived, it.key()) && !it->is_null()) {
        *it = nullptr;
        ++n;
      }
  return n;
}

}  // namespace

std::size_t protect_summary(nlohmann::json& section, double k) { return k > 1.0 ? walk(section, k) : 0; }

}  // namespace borderflow::geodata
