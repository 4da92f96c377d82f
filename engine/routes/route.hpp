#pragma once
// Route records: one reported route, as an ordered list of legs.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::routes {

enum class Mode { land, river, sea, air, unknown };
enum class Crime { tip, som, unknown };

std::string_view to_string(Mode m) noexcept;
std::string_view to_string(Crime c) noexcept;
// Case-insensitive; accepts the names above and a few synonyms
// ("road", "foot", "rail" -> land; "boat" -> sea; "flight" -> air;
// "trafficking" -> TIP; "smuggling" -> SOM). nullopt when unknown.
std::optional<Mode> parse_mode(std::string_view s);
std::optional<Crime> parse_crime(std::string_view s);

struct Leg {
  Mode mode = Mode::unknown;
  geometry::LineString path;              // lon/lat degrees
  std::optional<std::size_t> from_place;  // gazetteer index, for itinerary routes
  std::optional<std::size_t> to_place;
  // Sea legs routed over water (engine/sea/sea_legs.hpp): the path is the
  // water path; land_link_m is how much of it links an inland end to the sea.
  bool sea_routed = false;
  double land_link_m = 0.0;
};

// The attributes of a route (DESIGN.md, Inputs). Record-level personal fields
// (sex, age_group, exploitation) are kept for filtering and aggregation only;
// no export carries them per record.
struct RouteAttributes {
  std::string route_id;
  Crime crime = Crime::unknown;
  double weight = 1.0;  // persons or cases
  std::optional<int> year;
  std::string sex;
  std::string age_group;
  std::string exploitation;
  std::string source;
  std::optional<double> confidence;  // 0..1
  // Fields borderflow does not interpret, carried along by name.
  std::vector<std::pair<std::string, std::string>> extra;
};

struct Route {
  RouteAttributes attributes;
  std::vector<Leg> legs;
  InputLocation origin;  // file and row/feature it came from
};

// Field names borderflow interprets on a route record (lower case).
bool is_route_field(std::string_view lower_name) noexcept;

// Builds RouteAttributes from a record's fields (name -> text value; names
// compared case-insensitively). Empty values mean "not given". Throws
// InputError naming `where` and the field for a bad value: a weight that is
// not a positive finite number, a year outside 1900..2100 or not an integer,
// a confidence outside 0..1, an unknown crime type.
RouteAttributes parse_route_attributes(const std::vector<std::pair<std::string, std::string>>& fields,
                                       const InputLocation& where,
                                       const std::vector<std::string>& interpreted_extra = {});

}  // namespace borderflow::routes
