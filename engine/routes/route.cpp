#include "engine/routes/route.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/core/text.hpp"

namespace borderflow::routes {

std::string_view to_string(Mode m) noexcept {
  switch (m) {
    case Mode::land: return "land";
    case Mode::river: return "river";
    case Mode::sea: return "sea";
    case Mode::air: return "air";
    case Mode::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(Crime c) noexcept {
  switch (c) {
    case Crime::tip: return "TIP";
    case Crime::som: return "SOM";
    case Crime::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<Mode> parse_mode(std::string_view s) {
  const std::string v = text::ascii_lower(text::trim(s));
  if (v == "land" || v == "road" || v == "foot" || v == "rail" || v == "car" || v == "bus" || v == "truck")
    return Mode::land;
  if (v == "river" || v == "ferry") return Mode::river;
  if (v == "sea" || v == "boat" || v == "ship" || v == "maritime") return Mode::sea;
  if (v == "air" || v == "flight" || v == "plane") return Mode::air;
  if (v == "unknown" || v.empty()) return Mode::unknown;
  return std::nullopt;
}

std::optional<Crime> parse_crime(std::string_view s) {
  const std::string v = text::ascii_lower(text::trim(s));
  if (v == "tip" || v == "trafficking") return Crime::tip;
  if (v == "som" || v == "smuggling") return Crime::som;
  if (v == "unknown" || v.empty()) return Crime::unknown;
  return std::nullopt;
}

bool is_route_field(std::string_view n) noexcept {
  static constexpr std::string_view known[] = {"route_id", "crime", "weight", "year", "sex", "age_group",
                                               "exploitation", "source", "confidence"};
  return std::find(std::begin(known), std::end(known), n) != std::end(known);
}

namespace {

std::optional<double> parse_double(std::string_view s) {
  const std::string t = text::trim(s);
  double v = 0.0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

}  // namespace

RouteAttributes parse_route_attributes(const std::vector<std::pair<std::string, std::string>>& fields,
                                       const InputLocation& where,
                                       const std::vector<std::string>& interpreted_extra) {
  RouteAttributes a;
  for (const auto& field : fields) {
    // Named copies, not a structured binding: clang 14 cannot capture those in the lambda below.
    const std::string& name = field.first;
    const std::string& raw = field.second;
    const std::string key = text::ascii_lower(name);
    const std::string value = text::trim(raw);
    auto bad = [&](const std::string& what, const std::string& hint) {
      throw InputError(where, "field '" + name + "' has " + what, hint);
    };
    if (key == "route_id") {
      a.route_id = value;
    } else if (key == "crime") {
      auto c = parse_crime(value);
      if (!c) bad("unknown crime type '" + value + "'", "use TIP, SOM or unknown");
      a.crime = *c;
    } else if (key == "weight") {
      if (value.empty()) continue;
      auto w = parse_double(value);
      if (!w || !std::isfinite(*w)) bad("'" + value + "', which is not a number", "weight is a count of persons or cases, e.g. 3");
      if (*w <= 0.0) bad("weight " + value + ", which is not positive", "weight must be greater than 0; leave it empty for 1");
      a.weight = *w;
    } else if (key == "year") {
      if (value.empty()) continue;
      auto y = parse_double(value);
      if (!y || std::floor(*y) != *y) bad("'" + value + "', which is not a whole year", "write years as 2019");
      if (*y < 1900 || *y > 2100) bad("year " + value + ", outside 1900..2100", "check the year column");
      a.year = static_cast<int>(*y);
    } else if (key == "confidence") {
      if (value.empty()) continue;
      auto c = parse_double(value);
      if (!c || !std::isfinite(*c) || *c < 0.0 || *c > 1.0)
        bad("confidence '" + value + "', not a number in 0..1", "write confidence as a fraction, e.g. 0.7");
      a.confidence = *c;
    } else if (key == "sex") {
      a.sex = value;
    } else if (key == "age_group") {
      a.age_group = value;
    } else if (key == "exploitation") {
      a.exploitation = value;
    } else if (key == "source") {
      a.source = value;
    } else if (std::find(interpreted_extra.begin(), interpreted_extra.end(), key) == interpreted_extra.end()) {
      a.extra.emplace_back(name, raw);
    }
  }
  return a;
}

}  // namespace borderflow::routes
