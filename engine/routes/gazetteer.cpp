#include "engine/routes/gazetteer.hpp"

#include <algorithm>
#include <tuple>

#include "engine/core/text.hpp"

namespace borderflow::routes {

std::size_t Gazetteer::add(Place place) {
  if (text::match_key(place.name).empty())
    throw InputError(place.origin, "place has no name", "every row of the gazetteer needs a name");
  const std::size_t index = places_.size();
  std::vector<std::string> spellings{place.name};
  spellings.insert(spellings.end(), place.aliases.begin(), place.aliases.end());
  std::vector<std::string> keys;
  for (const std::string& s : spellings) {
    const std::string key = text::match_key(s);
    if (key.empty()) continue;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;  // alias repeating the name
    if (auto it = by_key_.find(key); it != by_key_.end()) {
      const Place& other = places_[it->second];
      throw InputError(place.origin,
                       "the name '" + s + "' of place '" + place.name + "' already names place '" + other.name +
                           "' (" + other.origin.describe() + ")",
                       "names and aliases must be unique (matching ignores case, accents, spaces and "
                       "punctuation); rename one or remove the alias");
    }
    keys.push_back(key);
  }
  for (std::size_t k = 0; k < keys.size(); ++k) by_key_.emplace(keys[k], index);
  for (const std::string& s : spellings)
    if (!text::match_key(s).empty()) names_.emplace_back(text::match_key(s), s);
  places_.push_back(std::move(place));
  return index;
}

std::optional<std::size_t> Gazetteer::find(std::string_view name) const {
  auto it = by_key_.find(text::match_key(name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Gazetteer::closest(std::string_view name, std::size_t n) const {
  const std::u32string key = text::decode_utf8(text::match_key(name));
  std::vector<std::tuple<std::size_t, std::string>> scored;
  scored.reserve(names_.size());
  for (const auto& [k, spelling] : names_) scored.emplace_back(text::edit_distance(key, text::decode_utf8(k)), spelling);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, spelling] : scored) {
    if (out.size() == n) break;
    if (std::find(out.begin(), out.end(), spelling) == out.end()) out.push_back(spelling);
  }
  return out;
}

}  // namespace borderflow::routes
