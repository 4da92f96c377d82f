#include "mapexport/map_data.hpp"
#include "geodata/output_contract.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>

#include "engine/core/error.hpp"
#include "geodata/gdal_env.hpp"

namespace borderflow::mapexport {

namespace {

constexpr const char* kLayers[] = {contract::kBorders,    contract::kHotspotCells,     contract::kBorderSegments,
                                   contract::kRouteEdges, contract::kCorridors,        contract::kCrossingClusters,
                                   contract::kCrossings,  contract::kChokepoints};

bool simplified(const std::string& layer) {
  return layer == contract::kBorders || layer == contract::kBorderSegments || layer == contract::kRouteEdges || layer == contract::kCorridors;
}

// Reals to 6 significant digits: enough for a popup, half the bytes.
double round6(double v) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  const double p = std::pow(10.0, 5 - std::floor(std::log10(std::abs(v))));
  return std::round(v * p) / p;
}

nlohmann::json field_value(const OGRFeature& f, int i) {
  if (!f.IsFieldSetAndNotNull(i)) return nullptr;
  const OGRFieldDefn* d = f.GetFieldDefnRef(i);
  switch (d->GetType()) {
    case OFTInteger:
      if (d->GetSubType() == OFSTBoolean) return f.GetFieldAsInteger(i) != 0;
      return f.GetFieldAsInteger(i);
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case OFTReal: {
      const double v = f.GetFieldAsDouble(i);
      return std::isfinite(v) ? nlohmann::json(round6(v)) : nlohmann::json(nullptr);
    }
    default: return f.GetFieldAsString(i);
  }
}

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};

double num(const nlohmann::json& props, const char* key) {
  const auto it = props.find(key);
  return it != props.end() && it->is_number() ? it->get<double>() : 0.0;
}

// Keeps the most important features of a layer (see MapDataOptions), in
// their original order.
void cap(MapLayer& l, const MapDataOptions& o) {
  l.eligible = l.features.size();
  const std::size_t n = l.features.size();
  std::vector<double> key(n);  // larger = more important
  std::size_t limit = o.max_features;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = l.features[i]["properties"];
    if (l.name == contract::kRouteEdges || l.name == contract::kCorridors) key[i] = num(p, "flow");
    else if (l.name == contract::kCrossings || l.name == contract::kBorderSegments || l.name == contract::kCrossingClusters) key[i] = num(p, "weight");
    else if (l.name == contract::kHotspotCells) key[i] = std::abs(num(p, "gi_z"));
    else if (l.name == contract::kChokepoints) key[i] = p.value("kind", "") == "checkpoint" ? 1e300 - num(p, "rank") : -1.0;
    else key[i] = 0.0;
  }
  if (l.name == contract::kChokepoints) {
    std::size_t checkpoints = 0, cut = 0;
    for (double k : key) (k > 0 ? checkpoints : cut) += 1;
    limit = cut > o.max_min_cut ? checkpoints : std::min(limit, n);
    if (cut > o.max_min_cut) l.kept_by = "the ranked checkpoints (the minimum cut has " + std::to_string(cut) + " edges: see the GeoPackage)";
  }
  if (n <= limit) return;
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
  order.resize(limit);
  std::sort(order.begin(), order.end());
  nlohmann::json kept = nlohmann::json::array();
  for (std::size_t i : order) kept.push_back(std::move(l.features[i]));
  l.features = std::move(kept);
  if (l.kept_by.empty()) {
    const char* by = l.name == contract::kRouteEdges || l.name == contract::kCorridors ? "highest flow"
                     : l.name == contract::kHotspotCells                      ? "largest |z|"
                                                                      : "highest weight";
    l.kept_by = "the " + std::to_string(limit) + " with the " + by;
  }
}

}  // namespace

const MapLayer* MapData::layer(const std::string& name) const {
  for (const auto& l : layers)
    if (l.name == name) return &l;
  return nullptr;
}

MapData read_map_data(const std::string& gpkg, const MapDataOptions& o) {
  geodata::ensure_gdal();
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds)
    throw InputError(InputLocation(gpkg), "cannot open as a vector dataset",
                     "give the GeoPackage written by borderflow analyze (or demo)");
  MapData m;
  m.path = gpkg;
  // Extent first (for the simplification tolerance): every layer's.
  geometry::Extent all, focus;
  for (const char* name : kLayers) {
    OGRLayer* l = ds->GetLayerByName(name);
    if (!l) continue;
    OGREnvelope e;
    if (l->GetExtent(&e, TRUE) != OGRERR_NONE) continue;
    all.expand(geometry::Extent{e.MinX, e.MinY, e.MaxX, e.MaxY});
  }
  if (all.empty())
    throw InputError(InputLocation(gpkg), "holds none of the layers of a borderflow analysis",
                     "give the GeoPackage written by borderflow analyze (or demo)");
  const double tol = o.simplify_deg > 0 ? o.simplify_deg
                                         : std::max(all.max_x - all.min_x, all.max_y - all.min_y) / 4000.0;
  char** json_opts = CSLSetNameValue(nullptr, "COORDINATE_PRECISION", std::to_string(o.decimals).c_str());
  for (const char* name : kLayers) {
    OGRLayer* l = ds->GetLayerByName(name);
    if (!l) continue;
    MapLayer out;
    out.name = name;
    OGRFeatureDefn* defn = l->GetLayerDefn();
    const int bin_field = defn->GetFieldIndex("gi_bin");
    const int value_field = defn->GetFieldIndex("value");
    l->ResetReading();
    for (std::unique_ptr<OGRFeature> f(l->GetNextFeature()); f; f.reset(l->GetNextFeature())) {
      ++out.in_file;
      if (out.name == contract::kHotspotCells) {
        const bool hot = bin_field >= 0 && f->IsFieldSetAndNotNull(bin_field) && f->GetFieldAsInteger(bin_field) != 0;
        const bool valued = value_field >= 0 && f->GetFieldAsDouble(value_field) > 0;
        if (!hot && !valued) continue;
      }
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      std::unique_ptr<OGRGeometry> shown(simplified(out.name) ? g->SimplifyPreserveTopology(tol) : g->clone());
      if (!shown) shown.reset(g->clone());
      char* gj = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(shown.get()), json_opts);
      if (!gj) continue;  // a geometry GeoJSON cannot hold: not drawn
      nlohmann::json geometry = nlohmann::json::parse(gj, nullptr, false);
      CPLFree(gj);
      if (geometry.is_discarded()) continue;
      nlohmann::json props = nlohmann::json::object();
      for (int i = 0; i < defn->GetFieldCount(); ++i) props[defn->GetFieldDefn(i)->GetNameRef()] = field_value(*f, i);
      out.features.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", std::move(geometry)}});
      if (out.name == contract::kCrossings || out.name == contract::kHotspotCells) {
        OGREnvelope e;
        g->getEnvelope(&e);
        focus.expand(geometry::Extent{e.MinX, e.MinY, e.MaxX, e.MaxY});
      }
    }
    cap(out, o);
    m.layers.push_back(std::move(out));
  }
  CSLDestroy(json_opts);
  m.extent = focus.empty() ? all : focus;
  return m;
}

std::optional<Overlay> read_density_overlay(const std::string& tif, std::size_t max_pixels) {
  geodata::ensure_gdal();
  VSIStatBufL st;
  if (VSIStatL(tif.c_str(), &st) != 0) return std::nullopt;
  std::unique_ptr<GDALDataset, DatasetCloser> src(static_cast<GDALDataset*>(GDALOpen(tif.c_str(), GA_ReadOnly)));
  if (!src) throw InputError(InputLocation(tif), "cannot open the density raster", "run borderflow analyze again");
  // Warp to Web Mercator (what Leaflet draws in), at most max_pixels across.
  const double w = src->GetRasterXSize(), h = src->GetRasterYSize();
  const double scale = std::min(1.0, static_cast<double>(max_pixels) / std::max(w, h));
  const std::string ts_x = std::to_string(std::max(1, static_cast<int>(w * scale)));
  const std::string ts_y = std::to_string(std::max(1, static_cast<int>(h * scale)));
  const char* argv[] = {"-t_srs", "EPSG:3857", "-of", "MEM", "-r", "bilinear", "-ts", ts_x.c_str(), ts_y.c_str(),
                        "-dstnodata", "-9999", nullptr};
  GDALWarpAppOptions* wo = GDALWarpAppOptionsNew(const_cast<char**>(argv), nullptr);
  GDALDatasetH in[] = {GDALDataset::ToHandle(src.get())};
  int usage_error = 0;
  std::unique_ptr<GDALDataset, DatasetCloser> warped(
      GDALDataset::FromHandle(GDALWarp("", nullptr, 1, in, wo, &usage_error)));
  GDALWarpAppOptionsFree(wo);
  if (!warped) throw InputError(InputLocation(tif), "cannot reproject the density raster for display", CPLGetLastErrorMsg());
  const int W = warped->GetRasterXSize(), H = warped->GetRasterYSize();
  std::vector<float> v(static_cast<std::size_t>(W) * static_cast<std::size_t>(H));
  if (warped->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, W, H, v.data(), W, H, GDT_Float32, 0, 0) != CE_None)
    throw InputError(InputLocation(tif), "cannot read the density raster");
  Overlay o;
  // The peak of the raster itself (warping smooths it).
  double mm[2] = {0, 0};
  if (src->GetRasterBand(1)->ComputeRasterMinMax(FALSE, mm) == CE_None) o.max_value = mm[1];
  // The colour ramp shared with the static map and both legends:
  // transparent below 2 % of the peak, then pale yellow (alpha 0.3) to orange
  // (0.8) at half the peak, to dark red (0.9) at the peak, linearly.
  std::unique_ptr<GDALDataset, DatasetCloser> rgba(
      GetGDALDriverManager()->GetDriverByName("MEM")->Create("", W, H, 4, GDT_Byte, nullptr));
  std::vector<unsigned char> band[4];
  for (auto& b : band) b.resize(v.size());
  struct Stop {
    double t, r, g, b, a;
  };
  static constexpr Stop kRamp[] = {{0.02, 255, 255, 178, 0.3}, {0.5, 253, 141, 60, 0.8}, {1.0, 189, 0, 38, 0.9}};
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double t = o.max_value > 0 && v[i] > -9998.0f ? std::min(1.0, static_cast<double>(v[i]) / o.max_value) : 0.0;
    double rgba_v[4] = {0, 0, 0, 0};
    if (t >= kRamp[0].t) {
      const Stop& lo = t < kRamp[1].t ? kRamp[0] : kRamp[1];
      const Stop& hi = t < kRamp[1].t ? kRamp[1] : kRamp[2];
      const double u = (t - lo.t) / (hi.t - lo.t);
      rgba_v[0] = lo.r + (hi.r - lo.r) * u;
      rgba_v[1] = lo.g + (hi.g - lo.g) * u;
      rgba_v[2] = lo.b + (hi.b - lo.b) * u;
      rgba_v[3] = 255.0 * (lo.a + (hi.a - lo.a) * u);
    }
    for (int c = 0; c < 4; ++c) band[c][i] = static_cast<unsigned char>(std::lround(std::clamp(rgba_v[c], 0.0, 255.0)));
  }
  for (int b = 0; b < 4; ++b)
    if (rgba->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, W, H, band[b].data(), W, H, GDT_Byte, 0, 0) != CE_None)
      throw InputError(InputLocation(tif), "cannot colour the density raster");
  const std::string mem = "/vsimem/borderflow_density_" + std::to_string(reinterpret_cast<std::uintptr_t>(&o)) + ".png";
  {
    std::unique_ptr<GDALDataset, DatasetCloser> png(
        GetGDALDriverManager()->GetDriverByName("PNG")->CreateCopy(mem.c_str(), rgba.get(), FALSE, nullptr, nullptr, nullptr));
    if (!png) {
      VSIUnlink(mem.c_str());
      throw InputError(InputLocation(tif), "cannot encode the density overlay as PNG");
    }
  }
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(mem.c_str(), &size, TRUE);
  o.png.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  CPLFree(bytes);
  double gt[6];
  warped->GetGeoTransform(gt);
  constexpr double R = 6378137.0, kPi = 3.14159265358979323846;
  auto lon = [&](double x) { return x / R * 180.0 / kPi; };
  auto lat = [&](double y) { return std::atan(std::sinh(y / R)) * 180.0 / kPi; };
  o.west = lon(gt[0]);
  o.east = lon(gt[0] + W * gt[1]);
  o.north = lat(gt[3]);
  o.south = lat(gt[3] + H * gt[5]);
  return o;
}

}  // namespace borderflow::mapexport
