// Hot spots on the bundled Bangladesh sample, end to end: load, crossings,
// hot spot analysis, and the layers and raster written by GDAL.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>

#include "engine/geometry/geodesic.hpp"
#include "engine/hotspots/analysis.hpp"
#include "geodata/hotspots_output.hpp"
#include "geodata/load.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using borderflow::test::sample;

namespace {

struct Sample {
  geodata::LoadedInputs in;
  std::optional<crossings::CrossingAnalysis> cx;
  Sample() {
    geodata::LoadOptions o;
    o.borders = sample("countries.gpkg") + ":countries";
    o.places = sample("places.csv");
    o.routes = sample("routes_illustrative.csv");
    o.ports = sample("ports.csv");
    in = geodata::load_inputs(o);
    cx.emplace(crossings::analyze_crossings(in.borders.input, in.routes.routes, in.ports, in.working_crs.definition,
                                            std::nullopt, std::nullopt, {}, in.diagnostics));
  }
  hotspots::HotspotAnalysis run(const hotspots::HotspotOptions& o = {}) {
    Diagnostics d;
    return hotspots::analyze_hotspots(*cx, in.routes.routes, std::nullopt, {}, o, d);
  }
};

Sample& bangladesh() {
  static Sample s;
  return s;
}

// Jashore district's border stretch with India, from Benapole down to
// Satkhira / Bhomra (lon/lat of the sample's places).
constexpr geometry::Coord kBenapole{88.8950, 23.0425};
constexpr geometry::Coord kBhomra{88.9650, 22.7280};

}  // namespace

TEST(SampleHotspots, JashoreSatkhiraBorderStretchIsAHotSpot) {
  auto& s = bangladesh();
  const hotspots::HotspotAnalysis h = s.run();
  // Border segments within 25 km of Benapole or Bhomra: at least one is a hot
  // spot at 95 % or more, and the hottest segment of the Bangladesh-India
  // border is there. (The hottest of all is on the Naf river, BGD-MMR.)
  bool hot_there = false;
  std::size_t hottest = 0;
  for (std::size_t i = 0; i < h.segments.segments.size(); ++i) {
    const auto& seg = h.segments.segments[i];
    const auto mid = s.cx->projection.inverse(seg.path[seg.path.size() / 2]);
    const double d = std::min(geometry::geodesic_distance_m(mid, kBenapole), geometry::geodesic_distance_m(mid, kBhomra));
    if (d < 25000 && h.segments.gi.defined[i] && h.segments.gi.bin[i] >= 2) hot_there = true;
    if (seg.unit_a != "BGD" || seg.unit_b != "IND" || !h.segments.gi.defined[i]) continue;
    if (!h.segments.gi.defined[hottest] || h.segments.segments[hottest].unit_b != "IND" ||
        h.segments.gi.z[i] > h.segments.gi.z[hottest])
      hottest = i;
  }
  EXPECT_TRUE(hot_there);
  const auto& top = h.segments.segments[hottest];
  EXPECT_EQ(top.unit_a, "BGD");
  EXPECT_EQ(top.unit_b, "IND");
  const auto mid = s.cx->projection.inverse(top.path[top.path.size() / 2]);
  EXPECT_LT(std::min(geometry::geodesic_distance_m(mid, kBenapole), geometry::geodesic_distance_m(mid, kBhomra)), 25000.0);
  // The hexagon holding Benapole's crossings is a hot cell.
  const auto cell = h.cells.grid.cell_of(s.cx->projection.forward(kBenapole));
  ASSERT_TRUE(cell.has_value());
  bool found = false;
  for (std::size_t i = 0; i < h.cells.cells.size(); ++i)
    if (h.cells.cells[i] == *cell) {
      found = true;
      EXPECT_GT(h.cells.value[i], 0.0);
      EXPECT_GE(h.cells.gi.bin[i], 1);
    }
  EXPECT_TRUE(found);
}

TEST(SampleHotspots, CellValuesAddUpToTheCrossingWeight) {
  auto& s = bangladesh();
  const hotspots::HotspotAnalysis h = s.run();
  double w = 0;
  for (const auto& c : s.cx->result.crossings) w += c.weight;
  EXPECT_NEAR(h.cells.total, w, 1e-9 * w);
  EXPECT_EQ(h.cells.outside, 0u);
  // The sample has sea routes: land and sea cells by default.
  EXPECT_EQ(h.domain, hotspots::CellDomain::all);
  // Border segments hold the land crossings that lie on their border.
  double seg = 0;
  std::size_t seg_n = 0, land_n = 0;
  for (const auto& sg : h.segments.segments) {
    seg += sg.weight;
    seg_n += sg.crossings;
  }
  for (const auto& c : s.cx->result.crossings) land_n += c.kind == crossings::CrossingKind::land;
  EXPECT_EQ(seg_n + h.segments.unassigned, land_n);
  EXPECT_GT(seg, 0.0);
}

TEST(SampleHotspots, RouteLengthCellsAddUpToTheWeightedLengthOnTheGround) {
  auto& s = bangladesh();
  hotspots::HotspotOptions o;
  o.value = hotspots::CellValue::route_length;
  o.density = false;
  const hotspots::HotspotAnalysis h = s.run(o);
  // Independent: weighted planar length of every densified, projected leg.
  double want = 0;
  for (const auto& r : s.in.routes.routes)
    for (const auto& l : r.legs) {
      if (l.mode == routes::Mode::air) continue;
      geometry::LineString xy = geometry::densify(l.path, 0.05);
      s.cx->projection.forward_in_place(xy);
      for (std::size_t k = 1; k < xy.size(); ++k)
        want += r.attributes.weight * std::hypot(xy[k].x - xy[k - 1].x, xy[k].y - xy[k - 1].y);
    }
  EXPECT_NEAR(h.cells.total, want, 1e-6 * want);
  // Regression: clusters and border segments are still of the crossings.
  EXPECT_FALSE(h.clusters.clusters.empty());
  EXPECT_TRUE(h.clusters_of_crossings);
  double seg = 0;
  for (const auto& sg : h.segments.segments) seg += sg.weight;
  EXPECT_GT(seg, 0.0);
}

TEST(SampleHotspots, BreakdownByCrimeSplitsTheValues) {
  auto& s = bangladesh();
  hotspots::HotspotOptions o;
  o.by = "crime";
  o.density = false;
  const hotspots::HotspotAnalysis h = s.run(o);
  ASSERT_GE(h.groups.size(), 2u);
  for (std::size_t i = 0; i < h.cells.cells.size(); ++i) {
    double sum = 0;
    for (std::size_t g = 0; g < h.groups.size(); ++g) sum += h.cells.group_value[i * h.groups.size() + g];
    EXPECT_NEAR(sum, h.cells.value[i], 1e-9);
  }
  o.by = "no_such_field";
  EXPECT_THROW(s.run(o), UsageError);
}

TEST(SampleHotspots, LayersAndDensityRasterAsGdalReadsThem) {
  auto& s = bangladesh();
  const hotspots::HotspotAnalysis h = s.run();
  test::TempDir dir;
  {
    geodata::OutputDataset out(dir / "hot.gpkg");
    geodata::write_hotspot_layers(out, h, *s.cx);
    out.commit();
  }
  geodata::write_density_tif(dir / "density.tif", *h.density, s.cx->projection);
  GDALAllRegister();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx((dir / "hot.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr);
  OGRLayer* cells = ds->GetLayerByName("hotspot_cells");
  ASSERT_NE(cells, nullptr);
  EXPECT_EQ(cells->GetFeatureCount(), static_cast<GIntBig>(h.cells.cells.size()));
  for (const char* f : {"cell_id", "value", "gi_z", "gi_p", "gi_bin", "n_neighbors", "isolated"})
    EXPECT_GE(cells->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  OGRLayer* segs = ds->GetLayerByName("border_segments");
  ASSERT_NE(segs, nullptr);
  for (const char* f : {"segment_id", "country_a", "country_b", "length_m", "crossings", "weight", "weight_per_km",
                        "gi_z", "gi_bin"})
    EXPECT_GE(segs->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  OGRLayer* cl = ds->GetLayerByName("crossing_clusters");
  ASSERT_NE(cl, nullptr);
  EXPECT_EQ(cl->GetFeatureCount(), static_cast<GIntBig>(h.clusters.clusters.size()));
  GDALClose(ds);
  auto* r = static_cast<GDALDataset*>(GDALOpen((dir / "density.tif").c_str(), GA_ReadOnly));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(static_cast<std::size_t>(r->GetRasterXSize()), h.density->width);
  ASSERT_NE(r->GetSpatialRef(), nullptr);
  EXPECT_TRUE(r->GetSpatialRef()->IsProjected());
  int has_nodata = 0;
  EXPECT_EQ(r->GetRasterBand(1)->GetNoDataValue(&has_nodata), -9999.0);
  EXPECT_TRUE(has_nodata);
  // Integrates to the crossing weight (the raster covers every kernel).
  std::vector<float> row(r->GetRasterXSize());
  double sum = 0;
  for (int y = 0; y < r->GetRasterYSize(); ++y) {
    ASSERT_EQ(r->GetRasterBand(1)->RasterIO(GF_Read, 0, y, r->GetRasterXSize(), 1, row.data(), r->GetRasterXSize(), 1,
                                            GDT_Float32, 0, 0),
              CE_None);
    for (float v : row) sum += static_cast<double>(v);
  }
  const double px_km2 = h.density->pixel_m * h.density->pixel_m / 1e6;
  EXPECT_NEAR(sum * px_km2, h.density->total_weight, 0.01 * h.density->total_weight);
  GDALClose(r);
  // No temporary file left behind.
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 2u);
}
