#include "geodata/crossings_output.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "geodata/gdal_env.hpp"
#include "support/test_support.hpp"

using namespace borderflow;

// Two one-degree squares side by side at the equator and a route across them;
// the layers carry the contract's fields with hand-checked values.
TEST(CrossingsOutput, BordersAndCrossingsLayersFollowTheContract) {
  auto square = [](const std::string& id, double x0) {
    frontier::BorderUnit u;
    u.id = id;
    u.area = {geometry::Polygon{{{x0, 0}, {x0 + 1, 0}, {x0 + 1, 1}, {x0, 1}, {x0, 0}}, {}}};
    return u;
  };
  geodata::LoadedInputs in;
  in.borders.input.units = {square("AAA", 0), square("BBB", 1)};
  routes::Route r;
  r.attributes.route_id = "R9";
  r.attributes.weight = 4;
  routes::Leg leg;
  leg.mode = routes::Mode::land;
  leg.path = {{0.5, 0.5}, {1.5, 0.5}};
  r.legs = {leg};
  in.routes.routes = {r};
  frontier::Port port;
  port.name = "Gate";
  port.lonlat = {1.0, 0.5};
  in.ports = {port};
  Diagnostics d;
  const auto a = crossings::analyze_crossings(in.borders.input, in.routes.routes, in.ports, "EPSG:32631", std::nullopt,
                                              std::nullopt, {}, d);
  test::TempDir tmp;
  {
    geodata::OutputDataset out(tmp / "x.gpkg");
    geodata::write_borders_layer(out, a);
    const routes::RouteGraph graph = routes::RouteGraph::build(in.routes.routes, nullptr);
    geodata::write_crossings_layer(out, a, in, &graph);
    out.commit();
  }
  geodata::ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((tmp / "x.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* borders = ds->GetLayerByName("borders");
  ASSERT_TRUE(borders);
  std::unique_ptr<OGRFeature> f(borders->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("country_a"), "AAA");
  EXPECT_STREQ(f->GetFieldAsString("country_b"), "BBB");
  EXPECT_STREQ(f->GetFieldAsString("kind"), "land");
  // The meridian arc from 0 to 1 degree north on WGS 84 is 110574.4 m, plus the
  // 5 m of AAA's top and bottom edges within the snap tolerance of BBB.
  EXPECT_NEAR(f->GetFieldAsDouble("length_m"), 110574.4 + 2 * 5.0, 0.5);
  OGRLayer* crossings = ds->GetLayerByName("crossings");
  ASSERT_TRUE(crossings);
  ASSERT_EQ(crossings->GetFeatureCount(), 1);
  f.reset(crossings->GetNextFeature());
  EXPECT_EQ(f->GetFieldAsInteger64("crossing_id"), 1);
  EXPECT_STREQ(f->GetFieldAsString("from_country"), "AAA");
  EXPECT_STREQ(f->GetFieldAsString("to_country"), "BBB");
  EXPECT_STREQ(f->GetFieldAsString("kind"), "land");
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("weight"), 4.0);
  EXPECT_EQ(f->GetFieldAsInteger("formal"), 1);
  EXPECT_STREQ(f->GetFieldAsString("port"), "Gate");
  EXPECT_STREQ(f->GetFieldAsString("route_id"), "R9");
  EXPECT_EQ(f->GetFieldAsInteger64("edge_id"), 1);  // the one edge of the route graph
  const OGRPoint* p = f->GetGeometryRef()->toPoint();
  // Leg and border are densified to 0.05 degree before projection to UTM 31N, so
  // they follow the lon/lat lines to within centimetres (1e-6 degree = 0.11 m).
  EXPECT_NEAR(p->getX(), 1.0, 1e-6);
  EXPECT_NEAR(p->getY(), 0.5, 1e-6);
}
