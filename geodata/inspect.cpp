#include "geodata/inspect.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "engine/geometry/validity.hpp"
#include "geodata/detail/ogr_convert.hpp"
#include "geodata/source.hpp"

namespace borderflow::geodata {
namespace {

struct FeatureDeleter {
  void operator()(OGRFeature* f) const noexcept { OGRFeature::DestroyFeature(f); }
};

LayerValidity check_layer(OGRLayer& layer) {
  LayerValidity v;
  layer.ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      ++v.empty;
      continue;
    }
    const auto flat = wkbFlatten(g->getGeometryType());
    const std::string where = fmt::format("feature {}", f->GetFID());
    if (flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon || flat == wkbMultiSurface) {
      const geometry::MultiPolygon area = detail::to_multipolygon(*g);
      if (auto bad = geometry::find_non_finite(area)) {
        ++v.non_finite;
        if (v.examples.size() < 10) v.examples.push_back(where + ": " + *bad);
        continue;
      }
      ++v.checked;
      const std::string reason = geometry::validity_reason(area);
      if (reason != "Valid Geometry") {
        ++v.invalid;
        if (v.examples.size() < 10) v.examples.push_back(where + ": " + reason);
      }
    } else {
      for (const auto& line : detail::to_lines(*g)) {
        if (auto bad = geometry::find_non_finite(line)) {
          ++v.non_finite;
          if (v.examples.size() < 10) v.examples.push_back(where + ": " + *bad);
          break;
        }
      }
    }
  }
  return v;
}

}  // namespace

DatasetInfo inspect(const std::string& path, const InspectOptions& options) {
  const SourceSpec spec = parse_source(path);
  DatasetPtr ds = open_vector(spec.path);
  DatasetInfo info;
  info.path = spec.path;
  info.driver = ds->GetDriverName();
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* layer = ds->GetLayer(i);
    if (!spec.layer.empty() && spec.layer != layer->GetName()) continue;
    LayerInfo li;
    li.name = layer->GetName();
    li.geometry_type = OGRGeometryTypeToName(layer->GetGeomType());
    li.feature_count = layer->GetFeatureCount(TRUE);
    li.crs = describe_srs(layer->GetSpatialRef());
    OGREnvelope env;
    if (layer->GetGeomType() != wkbNone && layer->GetExtent(&env, TRUE) == OGRERR_NONE)
      li.extent = geometry::Extent{env.MinX, env.MinY, env.MaxX, env.MaxY};
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int k = 0; k < defn->GetFieldCount(); ++k)
      li.fields.push_back({defn->GetFieldDefn(k)->GetNameRef(), OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(k)->GetType())});
    if (options.check_validity && layer->GetGeomType() != wkbNone) li.validity = check_layer(*layer);
    info.layers.push_back(std::move(li));
  }
  if (!spec.layer.empty() && info.layers.empty()) select_layer(*ds, spec, "requested");  // throws, listing layers
  return info;
}

nlohmann::json to_json(const DatasetInfo& info) {
  nlohmann::json j;
  j["path"] = info.path;
  j["driver"] = info.driver;
  j["layers"] = nlohmann::json::array();
  for (const LayerInfo& l : info.layers) {
    nlohmann::json lj;
    lj["name"] = l.name;
    lj["geometry_type"] = l.geometry_type;
    lj["feature_count"] = l.feature_count;
    lj["crs"] = l.crs;
    if (l.extent) lj["extent"] = {l.extent->min_x, l.extent->min_y, l.extent->max_x, l.extent->max_y};
    else lj["extent"] = nullptr;
    lj["fields"] = nlohmann::json::array();
    for (const FieldInfo& f : l.fields) lj["fields"].push_back({{"name", f.name}, {"type", f.type}});
    lj["validity"] = {{"checked", l.validity.checked}, {"invalid", l.validity.invalid},
                      {"empty", l.validity.empty}, {"non_finite", l.validity.non_finite},
                      {"examples", l.validity.examples}};
    j["layers"].push_back(std::move(lj));
  }
  return j;
}

std::string to_text(const DatasetInfo& info) {
  std::string s = fmt::format("{}\n  driver: {}\n  layers: {}\n", info.path, info.driver, info.layers.size());
  for (const LayerInfo& l : info.layers) {
    s += fmt::format("\n  layer {}\n    geometry: {}\n    features: {}\n    crs: {}\n", l.name, l.geometry_type,
                     l.feature_count, l.crs);
    if (l.extent)
      s += fmt::format("    extent: {:.6f}, {:.6f} - {:.6f}, {:.6f}\n", l.extent->min_x, l.extent->min_y,
                       l.extent->max_x, l.extent->max_y);
    s += fmt::format("    fields ({}):", l.fields.size());
    for (const FieldInfo& f : l.fields) s += fmt::format(" {} ({}),", f.name, f.type);
    if (!l.fields.empty()) s.pop_back();
    s += "\n";
    if (l.geometry_type != "None") {
      s += fmt::format("    validity: {} polygons checked, {} invalid, {} empty, {} with non-finite coordinates\n",
                       l.validity.checked, l.validity.invalid, l.validity.empty, l.validity.non_finite);
      for (const auto& e : l.validity.examples) s += "      " + e + "\n";
    }
  }
  return s;
}

}  // namespace borderflow::geodata
