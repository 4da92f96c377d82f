#include "geodata/crs.hpp"

#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/geometry/projection.hpp"

using namespace borderflow;
using borderflow::geodata::choose_working_crs;

namespace {
geometry::Extent extent(double x0, double y0, double x1, double y1) { return {x0, y0, x1, y1}; }
}  // namespace

TEST(WorkingCrs, SmallExtentGetsTheUtmZoneOfItsCentre) {
  // Jashore-Benapole-Kolkata: centre 88.8 E lies in zone floor((88.8+180)/6)+1 = 45.
  EXPECT_EQ(choose_working_crs(extent(88.3, 22.5, 89.3, 23.2)).definition, "EPSG:32645");
  // Teknaf-Cox's Bazar: centre 92.15 E -> zone 46.
  EXPECT_EQ(choose_working_crs(extent(92.0, 20.8, 92.3, 21.5)).definition, "EPSG:32646");
  // Southern hemisphere: Java, centre 110.4 E -> zone 49 south.
  EXPECT_EQ(choose_working_crs(extent(110.0, -7.5, 110.8, -6.9)).definition, "EPSG:32749");
}

TEST(WorkingCrs, WideExtentGetsEqualAreaCentredOnTheData) {
  // Bay of Bengal to Kuala Lumpur: 88..102 E, 2..24 N.
  const auto crs = choose_working_crs(extent(88.0, 2.0, 102.0, 24.0));
  EXPECT_EQ(crs.definition, "+proj=laea +lat_0=13.0000 +lon_0=95.0000 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs");
  EXPECT_NE(crs.reason.find("too wide"), std::string::npos);
  // PROJ takes it as a metric projected CRS whose centre maps to the origin.
  const geometry::Projection p(crs.definition);
  EXPECT_NEAR(p.forward({95.0, 13.0}).x, 0.0, 1e-6);
  EXPECT_NEAR(p.forward({95.0, 13.0}).y, 0.0, 1e-6);
}

TEST(WorkingCrs, UserChoiceIsCheckedByProj) {
  EXPECT_EQ(choose_working_crs(extent(0, 0, 1, 1), "EPSG:3106").definition, "EPSG:3106");  // Gulshan 303 / BTM
  EXPECT_THROW(choose_working_crs(extent(0, 0, 1, 1), "EPSG:4326"), CrsError);
}
