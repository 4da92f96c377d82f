#include "engine/routes/gazetteer.hpp"

#include <gtest/gtest.h>

using borderflow::InputError;
using borderflow::routes::Gazetteer;
using borderflow::routes::Place;

namespace {

Place place(std::string name, std::vector<std::string> aliases, double lon, double lat, std::int64_t line) {
  Place p;
  p.name = std::move(name);
  p.aliases = std::move(aliases);
  p.lonlat = {lon, lat};
  p.origin = borderflow::InputLocation("places.csv");
  p.origin.line = line;
  return p;
}

Gazetteer sample() {
  Gazetteer g;
  g.add(place("Jashore", {"Jessore", "\xE0\xA6\xAF\xE0\xA6\xB6\xE0\xA7\x8B\xE0\xA6\xB0"}, 89.2081, 23.1664, 2));
  g.add(place("Benapole", {}, 88.8917, 23.0435, 3));
  g.add(place("Cox's Bazar", {"Coxs Bazar"}, 92.0058, 21.4272, 4));
  g.add(place("Petrapole", {}, 88.8700, 23.0500, 5));
  return g;
}

}  // namespace

TEST(Gazetteer, FindsByNameAliasCaseAccentAndScript) {
  const Gazetteer g = sample();
  EXPECT_EQ(g.find("Jashore"), 0u);
  EXPECT_EQ(g.find("JESSORE"), 0u);
  EXPECT_EQ(g.find("\xE0\xA6\xAF\xE0\xA6\xB6\xE0\xA7\x87\xE0\xA6\xBE\xE0\xA6\xB0"), 0u);  // যশোর, decomposed vowel sign
  EXPECT_EQ(g.find("cox\xE2\x80\x99s b\xC4\x81z\xC4\x81r"), 2u);
  EXPECT_EQ(g.find("Kolkata"), std::nullopt);
}

TEST(Gazetteer, SuggestsClosestNames) {
  const Gazetteer g = sample();
  // "Benapol" is one deletion from "Benapole"; "Petrapole" is 4 edits away.
  const auto near = g.closest("Benapol", 2);
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0], "Benapole");
  EXPECT_EQ(near[1], "Petrapole");
}

TEST(Gazetteer, RejectsANameThatAlreadyNamesAnotherPlace) {
  Gazetteer g = sample();
  try {
    g.add(place("Jessore Cantonment", {"jessore"}, 89.18, 23.17, 9));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("places.csv, line 9"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'Jashore'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
  }
}
