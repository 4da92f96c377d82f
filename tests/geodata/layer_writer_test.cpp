#include "geodata/layer_writer.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "geodata/gdal_env.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using namespace borderflow::geodata;
namespace fs = std::filesystem;

namespace {

void write_two_crossings(const std::string& path, const std::string& driver = "GPKG") {
  OutputDataset out(path, driver);
  LayerWriter& layer = out.create_layer("crossings", GeometryType::point,
                                        {{"crossing_id", FieldType::integer}, {"kind", FieldType::text},
                                         {"weight", FieldType::real}, {"formal", FieldType::boolean}});
  layer.add(geometry::Coord{88.88, 23.04}, {std::int64_t{1}, std::string("land"), 3.5, true});
  layer.add(geometry::Coord{92.30, 20.86}, {std::int64_t{2}, std::string("coast_out"), std::monostate{}, false});
  out.commit();
}

std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

}  // namespace

TEST(LayerWriter, WritesGeoPackageInEpsg4326LonFirst) {
  test::TempDir tmp;
  const std::string path = tmp / "out.gpkg";
  write_two_crossings(path);
  ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("crossings");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->GetFeatureCount(), 2);
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  EXPECT_EQ(f->GetFieldAsInteger64("crossing_id"), 1);
  EXPECT_STREQ(f->GetFieldAsString("kind"), "land");
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("weight"), 3.5);
  EXPECT_EQ(f->GetFieldAsInteger("formal"), 1);
  const OGRPoint* p = f->GetGeometryRef()->toPoint();
  EXPECT_DOUBLE_EQ(p->getX(), 88.88);  // longitude first
  EXPECT_DOUBLE_EQ(p->getY(), 23.04);
  f.reset(layer->GetNextFeature());
  EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("weight")));
  EXPECT_EQ(leftovers(tmp.path()), std::vector<std::string>{"out.gpkg"});
}

TEST(LayerWriter, FailureBeforeCommitLeavesExistingOutputIntactAndNoTemporary) {
  test::TempDir tmp;
  const std::string path = tmp / "out.gpkg";
  write_two_crossings(path);
  const auto size_before = fs::file_size(path);
  {
    OutputDataset out(path);
    LayerWriter& layer = out.create_layer("crossings", GeometryType::point, {{"crossing_id", FieldType::integer}});
    layer.add(geometry::Coord{1, 2}, {std::int64_t{99}});
    EXPECT_TRUE(fs::exists(out.temp_path()));
    // no commit: an exception or early return abandons the output
  }
  EXPECT_EQ(fs::file_size(path), size_before);
  EXPECT_EQ(leftovers(tmp.path()), std::vector<std::string>{"out.gpkg"});
  ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("crossings")->GetFeatureCount(), 2);
}

TEST(LayerWriter, CommitReplacesAnExistingFile) {
  test::TempDir tmp;
  const std::string path = tmp / "out.gpkg";
  { std::ofstream(path) << "old content"; }
  write_two_crossings(path);
  ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("crossings")->GetFeatureCount(), 2);
}

TEST(LayerWriter, OtherDriversAndBadDestinations) {
  test::TempDir tmp;
  write_two_crossings(tmp / "out.geojson", "GeoJSON");
  write_two_crossings(tmp / "out.fgb", "FlatGeobuf");
  ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((tmp / "out.fgb").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 2);
  EXPECT_THROW(OutputDataset(tmp / "x.gpkg", "NoSuchDriver"), UsageError);
  EXPECT_THROW(OutputDataset(tmp / "missing/dir/x.gpkg"), OutputError);
}

TEST(LayerWriter, LinesAndPolygonsRoundTrip) {
  test::TempDir tmp;
  const std::string path = tmp / "shapes.gpkg";
  {
    OutputDataset out(path);
    auto& lines = out.create_layer("borders", GeometryType::line, {{"length_m", FieldType::real}});
    lines.add(geometry::LineString{{88, 22}, {89, 23}}, {1.0});
    auto& polys = out.create_layer("cells", GeometryType::polygon, {{"cell_id", FieldType::integer}});
    polys.add(geometry::Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {}}, {std::int64_t{7}});
    out.commit();
  }
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("borders")->GetGeomType()), wkbMultiLineString);
  std::unique_ptr<OGRFeature> f(ds->GetLayerByName("cells")->GetNextFeature());
  EXPECT_DOUBLE_EQ(f->GetGeometryRef()->toMultiPolygon()->get_Area(), 0.5);
}

TEST(LayerWriter, ShapefileOutputMustBeAFolder) {
  // Regression (review): a .shp target holds one layer and left hidden side files.
  test::TempDir tmp;
  EXPECT_THROW(OutputDataset(tmp / "out.shp", "ESRI Shapefile"), UsageError);
  {
    OutputDataset out(tmp / "results", "ESRI Shapefile");
    out.create_layer("borders", GeometryType::line, {{"kind", FieldType::text}})
        .add(geometry::LineString{{88, 22}, {89, 23}}, {std::string("land")});
    out.create_layer("crossings", GeometryType::point, {{"kind", FieldType::text}})
        .add(geometry::Coord{88.5, 22.5}, {std::string("land")});
    out.commit();
  }
  EXPECT_TRUE(fs::exists(tmp / "results/borders.shp"));
  EXPECT_TRUE(fs::exists(tmp / "results/crossings.shp"));
  EXPECT_EQ(leftovers(tmp.path()), std::vector<std::string>{"results"});
}
