#include "geodata/inspect.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/core/error.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using borderflow::test::data;

TEST(Inspect, ReportsDriverLayerCountCrsExtentFieldsAndValidity) {
  const geodata::DatasetInfo info = geodata::inspect(data("units.geojson"));
  EXPECT_EQ(info.driver, "GeoJSON");
  ASSERT_EQ(info.layers.size(), 1u);
  const auto& l = info.layers[0];
  EXPECT_EQ(l.geometry_type, "Polygon");
  EXPECT_EQ(l.feature_count, 3);
  EXPECT_NE(l.crs.find("EPSG:4326"), std::string::npos) << l.crs;
  ASSERT_TRUE(l.extent);
  EXPECT_DOUBLE_EQ(l.extent->min_x, 88.0);
  EXPECT_DOUBLE_EQ(l.extent->max_x, 92.0);
  EXPECT_DOUBLE_EQ(l.extent->max_y, 24.0);
  ASSERT_EQ(l.fields.size(), 2u);
  EXPECT_EQ(l.fields[0].name, "iso_a3");
  EXPECT_EQ(l.validity.checked, 3u);
  EXPECT_EQ(l.validity.invalid, 1u);
  ASSERT_EQ(l.validity.examples.size(), 1u);
  EXPECT_NE(l.validity.examples[0].find("feature 2: Self-intersection"), std::string::npos) << l.validity.examples[0];
}

TEST(Inspect, JsonCarriesTheSameFacts) {
  const nlohmann::json j = geodata::to_json(geodata::inspect(data("track.gpx")));
  EXPECT_EQ(j["driver"], "GPX");
  EXPECT_EQ(j["layers"].size(), 5u);  // waypoints, routes, tracks, route_points, track_points
  bool found = false;
  for (const auto& l : j["layers"])
    if (l["name"] == "tracks") {
      found = true;
      EXPECT_EQ(l["feature_count"], 1);
      EXPECT_EQ(l["geometry_type"], "Multi Line String");
    }
  EXPECT_TRUE(found);
}

TEST(Inspect, LayerSelectionAndUnknownLayer) {
  EXPECT_EQ(geodata::inspect(data("track.gpx") + ":tracks").layers.size(), 1u);
  EXPECT_THROW(geodata::inspect(data("track.gpx") + ":nope"), InputError);
}
