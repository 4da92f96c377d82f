// libFuzzer target: the itinerary parser and the gazetteer's name matching.
//
// Input: lines of text. Line 1 is an itinerary ("A > B -> C"), line 2 its
// modes, every further line a place to add to the gazetteer, written
// "name|alias|alias". A few real places are always there, so that
// itineraries can resolve.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/text.hpp"
#include "engine/routes/gazetteer.hpp"
#include "engine/routes/itinerary.hpp"
#include "fuzz_support.hpp"

using namespace borderflow;

namespace {

routes::Place place(std::string name, std::vector<std::string> aliases, double lon, double lat) {
  routes::Place p;
  p.name = std::move(name);
  p.aliases = std::move(aliases);
  p.lonlat = {lon, lat};
  p.kind = "town";
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines = text::split(in, "\n");
  while (lines.size() < 2) lines.emplace_back();

  // Text primitives on arbitrary bytes (invalid UTF-8 included).
  for (const std::string& l : lines) {
    const std::string key = text::match_key(l);
    FUZZ_CHECK(text::match_key(key) == key, "match_key is not idempotent");
    if (text::is_valid_utf8(l)) FUZZ_CHECK(text::encode_utf8(text::decode_utf8(l)) == l, "UTF-8 round trip");
    FUZZ_CHECK(text::trim(text::trim(l)) == text::trim(l), "trim is not idempotent");
  }
  const std::u32string a = text::decode_utf8(lines[0]), b = text::decode_utf8(lines[1]);
  const std::size_t d = text::edit_distance(a, b);
  FUZZ_CHECK(d == text::edit_distance(b, a), "edit distance is not symmetric");
  FUZZ_CHECK(d <= std::max(a.size(), b.size()), "edit distance above the longer length");
  FUZZ_CHECK(text::edit_distance(a, a) == 0, "edit distance to itself");

  routes::Gazetteer places;
  places.add(place("Jashore", {"Jessore", "যশোর"}, 89.2081, 23.1664));
  places.add(place("Benapole", {"Benapol"}, 88.8950, 23.0425));
  places.add(place("Kolkata", {"Calcutta"}, 88.3639, 22.5726));
  places.add(place("Teknaf", {}, 92.3058, 20.8624));
  places.add(place("Cox's Bazar", {"Coxs Bazar"}, 91.9847, 21.4272));
  for (std::size_t i = 2; i < lines.size() && i < 40; ++i) {
    std::vector<std::string> names = text::split(lines[i], "|");
    std::string name = names.front();
    names.erase(names.begin());
    const double lon = 80.0 + static_cast<double>(i), lat = 10.0 + static_cast<double>(i) / 2;
    std::size_t index = 0;
    if (!fuzz::clean([&] { index = places.add(place(name, names, lon, lat)); })) continue;
    FUZZ_CHECK(index < places.size(), "add returned an index past the end");
    const auto found = places.find(name);
    FUZZ_CHECK(found.has_value(), "a place just added is not found by its name");
    FUZZ_CHECK(*found == index, "find returned another place than the one just added");
  }

  const std::vector<std::string> parts = routes::split_itinerary(lines[0]);
  for (const std::string& p : parts) {
    FUZZ_CHECK(p.find('>') == std::string::npos, "a part still holds a separator");
    (void)places.closest(p);
  }

  routes::RouteAttributes attrs;
  attrs.route_id = "R1";
  InputLocation where("fuzz.csv");
  where.line = 2;
  routes::Route r;
  if (fuzz::clean([&] { r = routes::resolve_itinerary(lines[0], lines[1], attrs, places, where); })) {
    FUZZ_CHECK(parts.size() >= 2, "an itinerary of fewer than two places resolved");
    FUZZ_CHECK(r.legs.size() == parts.size() - 1, "one leg per pair of places");
    for (std::size_t i = 0; i < r.legs.size(); ++i) {
      const routes::Leg& leg = r.legs[i];
      FUZZ_CHECK(leg.path.size() >= 2, "a leg of fewer than two points");
      FUZZ_CHECK(leg.from_place && leg.to_place, "a resolved leg without its places");
      FUZZ_CHECK(*leg.from_place < places.size() && *leg.to_place < places.size(), "place index past the end");
      FUZZ_CHECK(places.find(parts[i]) == leg.from_place && places.find(parts[i + 1]) == leg.to_place,
                 "a leg's places are not the ones named");
      for (const auto& c : leg.path) FUZZ_CHECK(std::isfinite(c.x) && std::isfinite(c.y), "non-finite vertex");
    }
  }
  return 0;
}
