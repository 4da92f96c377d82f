#include "geodata/readers.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "engine/geometry/validity.hpp"
#include "geodata/gdal_env.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using namespace borderflow::geodata;
using borderflow::test::data;

namespace {

template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

ReadOptions lonlat() {
  ReadOptions o;
  o.assume_crs = "EPSG:4326";
  return o;
}

// Writes a one-feature GeoPackage line layer with the given WKT-free coordinates.
void write_gpkg_line(const std::string& path, const std::vector<std::pair<double, double>>& pts, int epsg) {
  ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  OGRLayer* layer = ds->CreateLayer("routes", &srs, wkbLineString, nullptr);
  OGRFieldDefn id("route_id", OFTString);
  layer->CreateField(&id);
  OGRFeature f(layer->GetLayerDefn());
  f.SetField("route_id", "X1");
  OGRLineString line;
  for (auto [x, y] : pts) line.addPoint(x, y);
  f.SetGeometry(&line);
  ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  GDALClose(ds);
}

}  // namespace

TEST(ReadBorders, GeoJsonUnitsWithAutomaticIdFieldAndRepair) {
  Diagnostics diag;
  const BorderRead b = read_borders(data("units.geojson"), {}, diag);
  EXPECT_EQ(b.id_field, "iso_a3");
  ASSERT_EQ(b.input.units.size(), 3u);
  EXPECT_EQ(b.input.units[0].id, "AAA");
  EXPECT_EQ(b.input.units[0].name, "Alpha");
  EXPECT_EQ(b.validity.features, 3u);
  EXPECT_EQ(b.validity.repaired, 1u);  // the bow-tie
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_NE(diag.warnings()[0].text().find("CCC"), std::string::npos);
  // Bow-tie (90,22)-(92,24)-(92,22)-(90,24): two triangles of base 2 and height 1 degree.
  EXPECT_NEAR(geometry::planar_area(b.input.units[2].area), 2.0, 1e-9);
  EXPECT_NEAR(geometry::planar_area(b.input.units[0].area), 1.0, 1e-12);
}

TEST(ReadBorders, ShapefileGivesTheSameUnits) {
  Diagnostics diag;
  const BorderRead b = read_borders(data("units_shp/units.shp"), {}, diag);
  ASSERT_EQ(b.input.units.size(), 3u);
  EXPECT_EQ(b.input.units[1].id, "BBB");
  EXPECT_NE(b.source_crs.find("4326"), std::string::npos) << b.source_crs;
}

TEST(ReadBorders, BorderIdFieldMustExist) {
  Diagnostics diag;
  BorderReadOptions o;
  o.id_field = "ISO_CODE";
  const std::string msg = error_of([&] { read_borders(data("units.geojson"), o, diag); });
  EXPECT_NE(msg.find("`border_id` ISO_CODE: no such field"), std::string::npos) << msg;
  EXPECT_NE(msg.find("iso_a3"), std::string::npos) << msg;
  o.id_field = "name";
  EXPECT_EQ(read_borders(data("units.geojson"), o, diag).input.units[0].id, "Alpha");
}

TEST(ReadPlaces, BomCrlfQuotedCommaAndBengaliAliases) {
  const routes::Gazetteer g = read_places(data("places_small.csv"), {});
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[3].name, "Kolkata, West Bengal");
  EXPECT_EQ(g.find("calcutta"), 3u);
  EXPECT_EQ(g.find("\xE0\xA6\xAF\xE0\xA6\xB6\xE0\xA7\x8B\xE0\xA6\xB0"), 0u);  // যশোর
  EXPECT_DOUBLE_EQ(g[0].lonlat.x, 89.2081);
  EXPECT_DOUBLE_EQ(g[0].lonlat.y, 23.1664);
  EXPECT_EQ(g[1].kind, "land_port");
  EXPECT_EQ(g[2].country, "IND");
  ASSERT_TRUE(g[2].origin.line);
  EXPECT_EQ(*g[2].origin.line, 4);  // header is line 1
}

TEST(ReadRoutes, ItineraryTableResolvesThroughAliases) {
  Diagnostics diag;
  const routes::Gazetteer g = read_places(data("places_small.csv"), {});
  const RouteRead r = read_routes(data("itineraries_small.csv"), {}, &g, diag);
  EXPECT_EQ(r.form, "itinerary");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.legs, 5u);
  const auto& first = r.routes[0];
  EXPECT_EQ(first.attributes.route_id, "I1");
  EXPECT_DOUBLE_EQ(first.attributes.weight, 4.0);
  EXPECT_EQ(first.legs.back().to_place, 3u);
  ASSERT_EQ(first.attributes.extra.size(), 1u);
  EXPECT_EQ(first.attributes.extra[0], (std::pair<std::string, std::string>{"note", "first"}));
}

TEST(ReadRoutes, ItineraryWithoutPlacesIsAUsageError) {
  Diagnostics diag;
  EXPECT_THROW(read_routes(data("itineraries_small.csv"), {}, nullptr, diag), UsageError);
}

TEST(ReadRoutes, UnknownPlaceAndBadWeightNameFileAndLine) {
  Diagnostics diag;
  const routes::Gazetteer g = read_places(data("places_small.csv"), {});
  std::string msg = error_of([&] { read_routes(data("itinerary_unknown_place.csv"), {}, &g, diag); });
  EXPECT_NE(msg.find("itinerary_unknown_place.csv, line 2: unknown place 'Benapol'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'Benapole'"), std::string::npos) << msg;
  msg = error_of([&] { read_routes(data("itinerary_bad_weight.csv"), {}, &g, diag); });
  EXPECT_NE(msg.find("itinerary_bad_weight.csv, line 3: field 'weight' has 'abc'"), std::string::npos) << msg;
}

TEST(ReadRoutes, CsvWktLinesCarryExtraFieldsAndSplitMultiLines) {
  Diagnostics diag;
  const RouteRead r = read_routes(data("routes_wkt.csv"), lonlat(), nullptr, diag);
  EXPECT_EQ(r.form, "lines");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.routes[0].attributes.crime, routes::Crime::tip);
  EXPECT_EQ(r.routes[0].attributes.year, 2019);
  ASSERT_EQ(r.routes[0].attributes.extra.size(), 1u);
  EXPECT_EQ(r.routes[0].attributes.extra[0].second, "Jashore");
  EXPECT_EQ(r.routes[1].legs.size(), 2u);
  EXPECT_DOUBLE_EQ(r.routes[1].legs[1].path.back().x, 89.6);
}

TEST(ReadRoutes, CsvWithoutCrsNeedsAssumeCrsOrPrj) {
  Diagnostics diag;
  const std::string msg = error_of([&] { read_routes(data("routes_no_crs.csv"), {}, nullptr, diag); });
  EXPECT_NE(msg.find("routes_no_crs.csv, layer routes_no_crs: the layer has no coordinate reference system"),
            std::string::npos) << msg;
  EXPECT_NE(msg.find("`assume_crs` EPSG:4326"), std::string::npos) << msg;
  EXPECT_EQ(read_routes(data("routes_wkt_with_prj.csv"), {}, nullptr, diag).routes.size(), 2u);
}

TEST(ReadRoutes, LegsGroupedByRouteIdAndOrderedByLegField) {
  Diagnostics diag;
  const RouteRead r = read_routes(data("legs.csv"), {}, nullptr, diag);
  ASSERT_EQ(r.routes.size(), 2u);
  const auto& l1 = r.routes[0];
  EXPECT_EQ(l1.attributes.route_id, "L1");
  ASSERT_EQ(l1.legs.size(), 2u);
  EXPECT_EQ(l1.legs[0].mode, routes::Mode::land);  // leg 1 comes first though written second
  EXPECT_EQ(l1.legs[1].mode, routes::Mode::sea);
  EXPECT_DOUBLE_EQ(l1.legs[0].path.front().x, 88.5);
}

TEST(ReadRoutes, GpxTrackSegmentsBecomeLegs) {
  Diagnostics diag;
  const RouteRead r = read_routes(data("track.gpx"), {}, nullptr, diag);
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_EQ(r.routes[0].attributes.route_id, "T1");
  ASSERT_EQ(r.routes[0].legs.size(), 2u);
  EXPECT_DOUBLE_EQ(r.routes[0].legs[1].path.back().y, 22.5726);
  bool carried_desc = false;
  for (const auto& [k, v] : r.routes[0].attributes.extra) carried_desc |= (k == "desc" && v == "two segments");
  EXPECT_TRUE(carried_desc);
}

TEST(ReadRoutes, WhereFiltersAndUnknownFieldIsExplained) {
  Diagnostics diag;
  ReadOptions o = lonlat();
  o.where = "crime = 'SOM'";
  const RouteRead r = read_routes(data("routes_wkt.csv"), o, nullptr, diag);
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_EQ(r.routes[0].attributes.route_id, "R2");
  o.where = "gender = 'female'";
  const std::string msg = error_of([&] { read_routes(data("routes_wkt.csv"), o, nullptr, diag); });
  EXPECT_NE(msg.find("`where` \"gender = 'female'\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("fields are: route_id, crime, weight, year, sex, district"), std::string::npos) << msg;
}

TEST(ReadRoutes, NanCoordinateIsRejectedWithFeatureId) {
  test::TempDir tmp;
  const std::string path = tmp / "nan.gpkg";
  write_gpkg_line(path, {{88.0, 22.0}, {std::numeric_limits<double>::quiet_NaN(), 22.5}}, 4326);
  Diagnostics diag;
  const std::string msg = error_of([&] { read_routes(path, {}, nullptr, diag); });
  EXPECT_NE(msg.find("layer routes, feature 1: the geometry has a non-finite coordinate: vertex 2"), std::string::npos)
      << msg;
}

TEST(ReadRoutes, MetresDeclaredAsDegreesAreRejected) {
  test::TempDir tmp;
  const std::string path = tmp / "metres.gpkg";
  write_gpkg_line(path, {{512000.0, 2560000.0}, {513000.0, 2561000.0}}, 4326);
  Diagnostics diag;
  const std::string msg = error_of([&] { read_routes(path, {}, nullptr, diag); });
  EXPECT_NE(msg.find("outside longitude -180..180"), std::string::npos) << msg;
  EXPECT_NE(msg.find("CRS probably does not match"), std::string::npos) << msg;
}

TEST(ReadRoutes, ProjectedLayerIsTransformedToLonLat) {
  test::TempDir tmp;
  const std::string path = tmp / "utm.gpkg";
  // UTM 46N easting 500000 lies on the central meridian 93 E; northing 0 on the equator.
  write_gpkg_line(path, {{500000.0, 0.0}, {500000.0, 1000.0}}, 32646);
  Diagnostics diag;
  const RouteRead r = read_routes(path, {}, nullptr, diag);
  EXPECT_NEAR(r.routes[0].legs[0].path[0].x, 93.0, 1e-9);
  EXPECT_NEAR(r.routes[0].legs[0].path[0].y, 0.0, 1e-9);
}

TEST(ReadInputs, MissingEmptyAndDirectoryInputsAreExplained) {
  Diagnostics diag;
  test::TempDir tmp;
  EXPECT_NE(error_of([&] { read_routes(tmp / "missing.csv", {}, nullptr, diag); }).find("no such file"),
            std::string::npos);
  { std::ofstream(tmp / "empty.geojson"); }
  EXPECT_NE(error_of([&] { read_routes(tmp / "empty.geojson", {}, nullptr, diag); }).find("empty (0 bytes)"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_routes(tmp.path().string(), {}, nullptr, diag); }).find("directory"),
            std::string::npos);
}

TEST(ReadPorts, TableWithLonLat) {
  const auto ports = read_ports(data("places_small.csv"), {});
  ASSERT_EQ(ports.size(), 4u);
  EXPECT_EQ(ports[1].name, "Benapole");
  EXPECT_DOUBLE_EQ(ports[1].lonlat.x, 88.8917);
}

TEST(ReadBorders, FeaturesSharingAnIdAreOneArea) {
  // Regression (review): two provinces of AAA side by side become one square of
  // 2 x 1 degrees, not two stacked parts whose shared edge would read as coast.
  test::TempDir tmp;
  const std::string path = tmp / "provinces.geojson";
  std::ofstream(path) << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"iso_a3":"AAA"},"geometry":{"type":"Polygon","coordinates":[[[88,22],[89,22],[89,23],[88,23],[88,22]]]}},
{"type":"Feature","properties":{"iso_a3":"AAA"},"geometry":{"type":"Polygon","coordinates":[[[89,22],[90,22],[90,23],[89,23],[89,22]]]}}]})";
  Diagnostics diag;
  const BorderRead b = read_borders(path, {}, diag);
  ASSERT_EQ(b.input.units.size(), 1u);
  ASSERT_EQ(b.input.units[0].area.size(), 1u);
  EXPECT_NEAR(geometry::planar_area(b.input.units[0].area), 2.0, 1e-12);
}

TEST(ReadRoutes, LegOrderMustBeAFiniteNumber) {
  // Regression (review): "nan" parsed as a number and broke the leg sort.
  test::TempDir tmp;
  const std::string path = tmp / "legs.csv";
  std::ofstream(path) << "route_id,leg,wkt\nL1, 2 ,\"LINESTRING (89.5 22.5, 90.5 22.0)\"\nL1,nan,\"LINESTRING (88.5 22.5, 89.5 22.5)\"\n";
  Diagnostics diag;
  const std::string msg = error_of([&] { read_routes(path, lonlat(), nullptr, diag); });
  EXPECT_NE(msg.find("legs.csv, line 3: leg order 'nan' is not a number"), std::string::npos) << msg;
}
