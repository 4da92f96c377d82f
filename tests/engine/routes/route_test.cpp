#include "engine/routes/route.hpp"

#include <gtest/gtest.h>

using namespace borderflow;
using namespace borderflow::routes;

namespace {
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string error_of(const Fields& f) {
  try {
    parse_route_attributes(f, InputLocation("r.csv"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(RouteAttributes, ParsesKnownFieldsAndCarriesExtras) {
  const RouteAttributes a = parse_route_attributes(
      {{"Route_ID", "R7"}, {"crime", "tip"}, {"weight", " 12 "}, {"year", "2019"}, {"sex", "female"},
       {"confidence", "0.8"}, {"district", "Jashore"}, {"mode", "land"}},
      InputLocation("r.csv"), {"mode"});
  EXPECT_EQ(a.route_id, "R7");
  EXPECT_EQ(a.crime, Crime::tip);
  EXPECT_DOUBLE_EQ(a.weight, 12.0);
  EXPECT_EQ(a.year, 2019);
  EXPECT_EQ(a.sex, "female");
  EXPECT_DOUBLE_EQ(*a.confidence, 0.8);
  ASSERT_EQ(a.extra.size(), 1u);  // "mode" is interpreted elsewhere, "district" is carried
  EXPECT_EQ(a.extra[0].first, "district");
}

TEST(RouteAttributes, EmptyWeightMeansOne) {
  EXPECT_DOUBLE_EQ(parse_route_attributes({{"weight", ""}}, InputLocation("r.csv")).weight, 1.0);
}

TEST(RouteAttributes, RejectsBadNumbersWithFieldName) {
  EXPECT_NE(error_of({{"weight", "abc"}}).find("field 'weight' has 'abc', which is not a number"), std::string::npos);
  EXPECT_NE(error_of({{"weight", "-2"}}).find("not positive"), std::string::npos);
  EXPECT_NE(error_of({{"weight", "nan"}}).find("not a number"), std::string::npos);
  EXPECT_NE(error_of({{"year", "1850"}}).find("outside 1900..2100"), std::string::npos);
  EXPECT_NE(error_of({{"year", "2019.5"}}).find("not a whole year"), std::string::npos);
  EXPECT_NE(error_of({{"confidence", "1.5"}}).find("0..1"), std::string::npos);
  EXPECT_NE(error_of({{"crime", "robbery"}}).find("unknown crime type 'robbery'"), std::string::npos);
}

TEST(Modes, ParseNamesAndSynonyms) {
  EXPECT_EQ(parse_mode("Sea"), Mode::sea);
  EXPECT_EQ(parse_mode("boat"), Mode::sea);
  EXPECT_EQ(parse_mode("road"), Mode::land);
  EXPECT_EQ(parse_mode("flight"), Mode::air);
  EXPECT_EQ(parse_mode(""), Mode::unknown);
  EXPECT_EQ(parse_mode("camel"), std::nullopt);
  EXPECT_EQ(parse_crime("SOM"), Crime::som);
}
