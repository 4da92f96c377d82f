#pragma once
// A gazetteer of named places, matched the way people type names: case- and
// accent-insensitively, ignoring spaces and punctuation, and through aliases
// (see text::match_key). UTF-8 throughout; Bengali-script names work.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::routes {

struct Place {
  std::string name;
  std::vector<std::string> aliases;
  geometry::Coord lonlat;  // degrees, EPSG:4326
  std::string kind;        // city, town, land_port, sea_waypoint, ...
  std::string country;     // ISO code or name; empty at sea
  InputLocation origin;
};

class Gazetteer {
 public:
  // Adds a place. Throws InputError when its name or an alias already names
  // another place (the message names both rows) or when the name is empty.
  std::size_t add(Place place);

  // Index of the place with this name or alias, nullopt when unknown.
  std::optional<std::size_t> find(std::string_view name) const;

  // Up to `n` known names (names and aliases) closest to `name` by edit
  // distance of their match keys, best first; ties in name order.
  std::vector<std::string> closest(std::string_view name, std::size_t n = 3) const;

  const Place& operator[](std::size_t i) const { return places_[i]; }
  const std::vector<Place>& places() const noexcept { return places_; }
  std::size_t size() const noexcept { return places_.size(); }
  bool empty() const noexcept { return places_.empty(); }

 private:
  std::vector<Place> places_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::vector<std::pair<std::string, std::string>> names_;  // (match key, spelling) for suggestions
};

}  // namespace borderflow::routes
