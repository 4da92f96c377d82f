#include "geodata/source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <system_error>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "geodata/gdal_env.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {

SourceSpec parse_source(const std::string& spec) {
  std::error_code ec;
  if (fs::exists(spec, ec)) return {spec, {}};
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) return {spec, {}};
  // Only split when the part before the colon exists; otherwise report the whole spec as missing.
  const std::string path = spec.substr(0, colon);
  if (!fs::exists(path, ec)) return {spec, {}};
  return {path, spec.substr(colon + 1)};
}

void DatasetCloser::operator()(GDALDataset* ds) const noexcept { GDALClose(GDALDataset::ToHandle(ds)); }

bool is_csv_path(const std::string& path) {
  const std::string ext = text::ascii_lower(fs::path(path).extension().string());
  return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

DatasetPtr open_vector(const std::string& path) {
  ensure_gdal();
  std::error_code ec;
  const fs::path p(path);
  if (!fs::exists(p, ec))
    throw InputError({path}, "no such file or directory", "check the path (relative paths start from " +
                                                              fs::current_path(ec).string() + ")");
  const bool is_dir = fs::is_directory(p, ec);
  if (!is_dir && fs::file_size(p, ec) == 0)
    throw InputError({path}, "the file is empty (0 bytes)", "the file was probably not saved or copied completely");
  const bool csv = is_csv_path(path);
  const char* csv_options[] = {"GEOM_POSSIBLE_NAMES=wkt,WKT,Wkt,geometry,Geometry,GEOMETRY,geom,the_geom",
                               "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=NO", nullptr};
  take_gdal_error();
  GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                      nullptr, csv ? csv_options : nullptr, nullptr);
  if (!ds) {
    std::string why = take_gdal_error();
    if (is_dir)
      throw InputError({path}, "this is a directory, not a dataset GDAL can read",
                       "give the path of a file (e.g. a .gpkg, .shp or .geojson) inside it");
    throw InputError({path}, "GDAL cannot read this file as vector data" + (why.empty() ? "" : " (" + why + ")"),
                     "check that the file is complete and in a vector format GDAL supports "
                     "(GeoPackage, Shapefile with .shx and .dbf, GeoJSON, TopoJSON, FlatGeobuf, CSV, GPX, ...)");
  }
  DatasetPtr owned(ds);
  if (ds->GetLayerCount() == 0) {
    if (is_dir)
      throw InputError({path}, "this is a directory that holds no vector layers",
                       "give the path of a file inside it");
    throw InputError({path}, "the dataset has no layers", "check that the file holds vector data");
  }
  return owned;
}

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

int find_field(OGRLayer& layer, const std::string& name) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const std::string want = text::ascii_lower(name);
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (text::ascii_lower(defn->GetFieldDefn(i)->GetNameRef()) == want) return i;
  return -1;
}

namespace {

std::string join(const std::vector<std::string>& xs) {
  std::string s;
  for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + xs[i];
  return s;
}

}  // namespace

OGRLayer* select_layer(GDALDataset& ds, const SourceSpec& spec, const std::string& role) {
  std::vector<std::string> names;
  for (int i = 0; i < ds.GetLayerCount(); ++i) names.emplace_back(ds.GetLayer(i)->GetName());
  if (!spec.layer.empty()) {
    OGRLayer* layer = ds.GetLayerByName(spec.layer.c_str());
    if (!layer)
      throw InputError({spec.path}, "no layer named '" + spec.layer + "'", "layers in this file: " + join(names));
    return layer;
  }
  if (ds.GetLayerCount() == 1) return ds.GetLayer(0);
  throw InputError({spec.path},
                   "the file has " + std::to_string(names.size()) + " layers and the " + role +
                       " layer was not named",
                   "write " + spec.path + ":LAYER, where LAYER is one of: " + join(names));
}

void apply_where(OGRLayer& layer, const std::string& where, const std::string& path) {
  if (where.empty()) return;
  take_gdal_error();
  if (layer.SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
    const std::string why = take_gdal_error();
    throw UsageError("--where \"" + where + "\" cannot be applied to " + path + " (layer " + layer.GetName() +
                     "): " + (why.empty() ? "invalid OGR SQL expression" : why) +
                     "\n  hint: the layer's fields are: " + join(field_names(layer)) +
                     "; quote text values in single quotes, e.g. crime = 'TIP'");
  }
}

std::string describe_srs(const OGRSpatialReference* srs) {
  if (!srs) return "none";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  std::string name = srs->GetName() ? srs->GetName() : "unnamed";
  if (auth && code) return std::string(auth) + ":" + code + " (" + name + ")";
  return name;
}

}  // namespace borderflow::geodata
