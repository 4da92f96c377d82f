#include "engine/routes/itinerary.hpp"

#include <gtest/gtest.h>

using namespace borderflow;
using namespace borderflow::routes;

namespace {

Gazetteer places() {
  Gazetteer g;
  const struct {
    const char* name;
    double lon, lat;
  } rows[] = {{"Jashore", 89.2081, 23.1664}, {"Benapole", 88.8917, 23.0435}, {"Petrapole", 88.8700, 23.0500},
              {"Kolkata", 88.3639, 22.5726}, {"Teknaf", 92.3058, 20.8624}};
  for (const auto& r : rows) {
    Place p;
    p.name = r.name;
    p.lonlat = {r.lon, r.lat};
    g.add(p);
  }
  return g;
}

InputLocation row(std::int64_t line) {
  InputLocation w("routes.csv");
  w.line = line;
  return w;
}

std::string message_of(auto&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Itinerary, SplitsOnAllSeparators) {
  EXPECT_EQ(split_itinerary("Jashore > Benapole>Petrapole"), (std::vector<std::string>{"Jashore", "Benapole", "Petrapole"}));
  EXPECT_EQ(split_itinerary("Jashore -> Benapole \xE2\x86\x92 Kolkata"),
            (std::vector<std::string>{"Jashore", "Benapole", "Kolkata"}));
}

TEST(Itinerary, ResolvesLegsBetweenConsecutivePlaces) {
  const Gazetteer g = places();
  const Route r = resolve_itinerary("jashore > BENAPOLE > Petrapole > Kolkata", "land > land > air", {}, g, row(2));
  ASSERT_EQ(r.legs.size(), 3u);
  EXPECT_EQ(r.legs[0].mode, Mode::land);
  EXPECT_EQ(r.legs[2].mode, Mode::air);
  EXPECT_EQ(r.legs[0].from_place, 0u);
  EXPECT_EQ(r.legs[0].to_place, 1u);
  EXPECT_DOUBLE_EQ(r.legs[1].path.front().x, 88.8917);
  EXPECT_DOUBLE_EQ(r.legs[1].path.back().y, 23.0500);
}

TEST(Itinerary, SingleModeAppliesToEveryLeg) {
  const Route r = resolve_itinerary("Jashore > Benapole > Petrapole", "land", {}, places(), row(2));
  ASSERT_EQ(r.legs.size(), 2u);
  EXPECT_EQ(r.legs[1].mode, Mode::land);
}

TEST(Itinerary, UnknownPlaceNamesRowNameAndClosestNames) {
  const std::string msg = message_of([] { resolve_itinerary("Jashore > Benapol > Kolkata", "", {}, places(), row(7)); });
  EXPECT_NE(msg.find("routes.csv, line 7"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown place 'Benapol'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'Benapole'"), std::string::npos) << msg;
}

TEST(Itinerary, RejectsOnePlaceBadModesAndModeCount) {
  EXPECT_NE(message_of([] { resolve_itinerary("Jashore", "", {}, places(), row(3)); }).find("only one place"),
            std::string::npos);
  EXPECT_NE(message_of([] { resolve_itinerary("Jashore > Benapole", "horse", {}, places(), row(3)); })
                .find("unknown mode 'horse'"),
            std::string::npos);
  EXPECT_NE(message_of([] { resolve_itinerary("Jashore > Benapole > Kolkata", "land > land > sea", {}, places(), row(3)); })
                .find("2 legs but 3 modes"),
            std::string::npos);
  EXPECT_NE(message_of([] { resolve_itinerary("Jashore >> Kolkata", "", {}, places(), row(3)); }).find("empty"),
            std::string::npos);
}
