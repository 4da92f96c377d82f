#include "engine/geometry/projection.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"

using borderflow::CrsError;
using borderflow::geometry::Coord;
using borderflow::geometry::Projection;

namespace {

// Meridian arc length of WGS 84 from the equator to latitude phi (radians),
// Snyder, "Map Projections: A Working Manual" (1987), eq. 3-21.
double meridian_arc(double phi) {
  const double a = 6378137.0;
  const double f = 1.0 / 298.257223563;
  const double e2 = f * (2 - f);
  const double e4 = e2 * e2;
  const double e6 = e4 * e2;
  return a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi -
              (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * std::sin(2 * phi) +
              (15 * e4 / 256 + 45 * e6 / 1024) * std::sin(4 * phi) - (35 * e6 / 3072) * std::sin(6 * phi));
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

TEST(Projection, UtmOnTheCentralMeridianMatchesTheMeridianArc) {
  // UTM zone 46N: central meridian 93 E, false easting 500 km, scale 0.9996.
  const Projection utm("EPSG:32646");
  EXPECT_EQ(utm.target_name(), "WGS 84 / UTM zone 46N");
  const Coord equator = utm.forward({93.0, 0.0});
  EXPECT_NEAR(equator.x, 500000.0, 1e-6);
  EXPECT_NEAR(equator.y, 0.0, 1e-6);
  const Coord teknaf_lat = utm.forward({93.0, 20.8624});
  EXPECT_NEAR(teknaf_lat.x, 500000.0, 1e-6);
  EXPECT_NEAR(teknaf_lat.y, 0.9996 * meridian_arc(20.8624 * kPi / 180.0), 1e-3);
}

TEST(Projection, RoundTripsAndLambertIsCentred) {
  const Projection laea("+proj=laea +lat_0=15 +lon_0=92 +datum=WGS84 +units=m +no_defs");
  const Coord centre = laea.forward({92.0, 15.0});
  EXPECT_NEAR(centre.x, 0.0, 1e-6);
  EXPECT_NEAR(centre.y, 0.0, 1e-6);
  const Coord kl{101.6869, 3.1390};
  const Coord back = laea.inverse(laea.forward(kl));
  // PROJ's ellipsoidal LAEA inverse uses a series for the authalic latitude:
  // round trips agree to about 1e-8 degrees (1 mm).
  EXPECT_NEAR(back.x, kl.x, 1e-8);
  EXPECT_NEAR(back.y, kl.y, 1e-8);
  const Projection copy = laea.clone();
  EXPECT_DOUBLE_EQ(copy.forward(kl).x, laea.forward(kl).x);
}

TEST(Projection, RejectsGeographicUnknownAndNonMetricCrs) {
  EXPECT_THROW(Projection("EPSG:4326"), CrsError);
  EXPECT_THROW(Projection("not a crs"), CrsError);
  EXPECT_THROW(Projection("EPSG:2227"), CrsError);  // California zone 3, US survey feet
  try {
    Projection p("EPSG:4326");
  } catch (const CrsError& e) {
    EXPECT_NE(std::string(e.what()).find("not a projected CRS"), std::string::npos) << e.what();
  }
}
