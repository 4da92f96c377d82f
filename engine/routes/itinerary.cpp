#include "engine/routes/itinerary.hpp"

#include "engine/core/text.hpp"

namespace borderflow::routes {

std::vector<std::string> split_itinerary(std::string_view itinerary) {
  std::string s(itinerary);
  // Normalise the separators to '>'.
  for (const std::string_view sep : {std::string_view("\xE2\x86\x92"), std::string_view("->")}) {
    for (std::size_t pos = s.find(sep); pos != std::string::npos; pos = s.find(sep, pos + 1))
      s.replace(pos, sep.size(), ">");
  }
  return text::split(s, ">");
}

Route resolve_itinerary(std::string_view itinerary, std::string_view modes, RouteAttributes attributes,
                        const Gazetteer& places, const InputLocation& where) {
  const std::vector<std::string> names = split_itinerary(itinerary);
  if (text::trim(itinerary).empty())
    throw InputError(where, "the itinerary is empty", "list the places in order, e.g. 'Jashore > Benapole > Kolkata'");
  if (names.size() < 2)
    throw InputError(where, "the itinerary '" + std::string(itinerary) + "' names only one place",
                     "a route needs at least two places separated by '>'");
  std::vector<std::size_t> stops;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty())
      throw InputError(where, "place " + std::to_string(i + 1) + " of the itinerary is empty",
                       "remove the doubled '>' separator");
    auto idx = places.find(names[i]);
    if (!idx) {
      std::string hint;
      const auto near = places.closest(names[i]);
      if (!near.empty()) {
        hint = "closest known names: ";
        for (std::size_t k = 0; k < near.size(); ++k) hint += (k ? ", '" : "'") + near[k] + "'";
        hint += "; add the place or an alias to the places file";
      }
      throw InputError(where, "unknown place '" + names[i] + "'", hint);
    }
    stops.push_back(*idx);
  }
  const std::size_t n_legs = stops.size() - 1;
  std::vector<Mode> leg_modes(n_legs, Mode::unknown);
  if (!text::trim(modes).empty()) {
    const std::vector<std::string> parts = split_itinerary(modes);
    if (parts.size() != 1 && parts.size() != n_legs)
      throw InputError(where,
                       "the itinerary has " + std::to_string(n_legs) + " legs but " + std::to_string(parts.size()) +
                           " modes are given",
                       "give one mode for every leg, or a single mode for all of them");
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto m = parse_mode(parts[i]);
      if (!m) throw InputError(where, "unknown mode '" + parts[i] + "'", "use land, river, sea or air");
      if (parts.size() == 1)
        std::fill(leg_modes.begin(), leg_modes.end(), *m);
      else
        leg_modes[i] = *m;
    }
  }
  Route route;
  route.attributes = std::move(attributes);
  route.origin = where;
  for (std::size_t i = 0; i < n_legs; ++i) {
    Leg leg;
    leg.mode = leg_modes[i];
    leg.from_place = stops[i];
    leg.to_place = stops[i + 1];
    leg.path = {places[stops[i]].lonlat, places[stops[i + 1]].lonlat};
    route.legs.push_back(std::move(leg));
  }
  return route;
}

}  // namespace borderflow::routes
