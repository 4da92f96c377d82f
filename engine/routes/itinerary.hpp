#pragma once
// Itinerary routes: "Jashore > Benapole > Petrapole > Kolkata", as field
// reports (key informant interviews, focus groups) give them, resolved
// against a gazetteer into legs between consecutive places.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/routes/gazetteer.hpp"
#include "engine/routes/route.hpp"

namespace borderflow::routes {

// Splits an itinerary or a modes list on ">", "->" or "→" (U+2192); parts trimmed.
std::vector<std::string> split_itinerary(std::string_view itinerary);

// Resolves one itinerary row. `modes` is empty (every leg unknown), a single
// mode for every leg, or one mode per leg. Each leg is the straight segment in
// lon/lat between the two places. Throws InputError naming `where`:
// fewer than two places, an empty place name, an unknown place (with the
// closest known names), an unknown mode, or a modes count that matches
// neither 1 nor the number of legs.
Route resolve_itinerary(std::string_view itinerary, std::string_view modes, RouteAttributes attributes,
                        const Gazetteer& places, const InputLocation& where);

}  // namespace borderflow::routes
