#include "geodata/layer_writer.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <random>

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

namespace {

// (fid, minx, maxx, miny, maxy) of every entry of a layer's R*Tree, by fid,
// read with SQL through GDAL (the stored 32-bit floats, as doubles).
std::vector<std::vector<double>> rtree_rows(GDALDataset& ds, const std::string& layer) {
  std::vector<std::vector<double>> rows;
  OGRLayer* r = ds.ExecuteSQL(("SELECT id, minx, maxx, miny, maxy FROM rtree_" + layer + "_geom ORDER BY id").c_str(),
                              nullptr, nullptr);
  if (!r) return rows;
  while (std::unique_ptr<OGRFeature> f{r->GetNextFeature()}) {
    std::vector<double> row;
    for (int i = 0; i < 5; ++i) row.push_back(f->GetFieldAsDouble(i));
    rows.push_back(row);
  }
  ds.ReleaseResultSet(r);
  return rows;
}

std::string sql_text(GDALDataset& ds, const std::string& sql) {
  OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!r) return "(no result)";
  std::string out;
  while (std::unique_ptr<OGRFeature> f{r->GetNextFeature()}) out += std::string(f->GetFieldAsString(0)) + "\n";
  ds.ReleaseResultSet(r);
  return out;
}

}  // namespace

// The spatial index packed in bulk (geodata/detail/gpkg_rtree.*): for layers
// below, at and above one node's 51 entries and over three levels, SQLite's own
// rtreecheck() finds it sound, and it holds exactly the boxes of an index GDAL
// builds the usual way (one SQLite insert per feature) for the same features.
TEST(LayerWriter, SpatialIndexPackedInBulkEqualsGdals) {
  test::TempDir tmp;
  const std::string ours = tmp / "ours.gpkg", theirs = tmp / "theirs.gpkg";
  const std::vector<std::size_t> sizes = {0, 1, 51, 52, 2602, 6000};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lon(60.0, 100.0), lat(-5.0, 35.0), step(-0.3, 0.3);
  std::vector<std::vector<geometry::LineString>> data;
  for (std::size_t n : sizes) {
    std::vector<geometry::LineString> lines;
    for (std::size_t i = 0; i < n; ++i) {
      geometry::LineString l{{lon(rng), lat(rng)}};
      for (int k = 0; k < 3; ++k) l.push_back({l.back().x + step(rng), l.back().y + step(rng)});
      lines.push_back(l);
    }
    data.push_back(lines);
  }
  {
    OutputDataset out(ours);
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      auto& layer = out.create_layer("l" + std::to_string(sizes[s]), GeometryType::line, {{"i", FieldType::integer}});
      for (std::size_t i = 0; i < data[s].size(); ++i) layer.add(data[s][i], {static_cast<std::int64_t>(i)});
    }
    auto& points = out.create_layer("points", GeometryType::point, {{"i", FieldType::integer}});
    for (std::size_t i = 0; i < 3000; ++i) points.add(geometry::Coord{lon(rng), lat(rng)}, {static_cast<std::int64_t>(i)});
    points.add(std::monostate{}, {std::int64_t{-1}});  // no geometry: not in the index
    out.commit();
  }
  {
    // The same features through GDAL alone.
    std::unique_ptr<GDALDataset> src(GDALDataset::Open(ours.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(src);
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> dst(gpkg->Create(theirs.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dst);
    for (OGRLayer* l : src->GetLayers()) ASSERT_TRUE(dst->CopyLayer(l, l->GetName()));
  }
  std::unique_ptr<GDALDataset> a(GDALDataset::Open(ours.c_str(), GDAL_OF_VECTOR));
  std::unique_ptr<GDALDataset> b(GDALDataset::Open(theirs.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(a && b);
  std::vector<std::string> names;
  for (std::size_t n : sizes) names.push_back("l" + std::to_string(n));
  names.push_back("points");
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(a->GetLayerByName(name.c_str())->TestCapability(OLCFastSpatialFilter));
    EXPECT_EQ(sql_text(*a, "SELECT rtreecheck('rtree_" + name + "_geom')"), "ok\n");
    const auto rows = rtree_rows(*a, name);
    EXPECT_EQ(rows.size(), name == "points" ? 3000 : std::stoul(name.substr(1)));
    EXPECT_EQ(rows, rtree_rows(*b, name));
  }
  const std::string schema =
      "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE name LIKE 'rtree%' ORDER BY name";
  EXPECT_EQ(sql_text(*a, schema), sql_text(*b, schema));
  EXPECT_EQ(sql_text(*a, "SELECT table_name || ' ' || extension_name || ' ' || scope FROM gpkg_extensions ORDER BY 1"),
            sql_text(*b, "SELECT table_name || ' ' || extension_name || ' ' || scope FROM gpkg_extensions ORDER BY 1"));
  // Three levels: 2602 boxes need 52 leaves, which need two nodes above them.
  EXPECT_EQ(sql_text(*a, "SELECT hex(substr(data, 1, 2)) FROM rtree_l2602_geom_node WHERE nodeno = 1"), "0002\n");
}

// GDAL's triggers keep the packed index in step when the file is edited later
// (in QGIS, say): an insert, a move and a delete.
TEST(LayerWriter, SpatialIndexFollowsLaterEdits) {
  test::TempDir tmp;
  const std::string path = tmp / "out.gpkg";
  {
    OutputDataset out(path);
    auto& points = out.create_layer("points", GeometryType::point, {{"i", FieldType::integer}});
    for (int i = 0; i < 200; ++i) points.add(geometry::Coord{80.0 + 0.01 * i, 20.0}, {std::int64_t{i}});
    out.commit();
  }
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("points");
  OGRFeature added(layer->GetLayerDefn());
  added.SetGeometryDirectly(new OGRPoint(95.0, 10.0));
  ASSERT_EQ(layer->CreateFeature(&added), OGRERR_NONE);
  std::unique_ptr<OGRFeature> moved(layer->GetFeature(5));
  moved->SetGeometryDirectly(new OGRPoint(70.0, 30.0));
  ASSERT_EQ(layer->SetFeature(moved.get()), OGRERR_NONE);
  ASSERT_EQ(layer->DeleteFeature(7), OGRERR_NONE);
  EXPECT_EQ(sql_text(*ds, "SELECT rtreecheck('rtree_points_geom')"), "ok\n");
  EXPECT_EQ(sql_text(*ds, "SELECT count(*) FROM rtree_points_geom"), "200\n");
  EXPECT_EQ(sql_text(*ds, "SELECT id FROM rtree_points_geom WHERE minx > 94 AND maxx < 96"),
            std::to_string(added.GetFID()) + "\n");
  EXPECT_EQ(sql_text(*ds, "SELECT id FROM rtree_points_geom WHERE minx < 71"), "5\n");
  EXPECT_EQ(sql_text(*ds, "SELECT count(*) FROM rtree_points_geom WHERE id = 7"), "0\n");
}
