#include "geodata/source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
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

namespace {

// For a JSON file GDAL could not open: what is wrong with it, as "is broken
// at line L, column C: <what the parser expected>" or "has a number too
// large to read (...)", or nothing when the file parses (the problem is
// elsewhere) or is too large to check here.
std::optional<std::string> json_syntax_error(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > (std::uintmax_t{256} << 20)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const nlohmann::json parsed = nlohmann::json::parse(text);
    (void)parsed;
    return std::nullopt;
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the byte at which the parser stopped.
    const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < at; ++i)
      if (text[i] == '\n') ++line, line_start = i + 1;
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 4, column 20: syntax error while parsing ..."
    const auto colon = what.find(": ", what.find("parse error"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return "is broken at line " + std::to_string(line) + ", column " + std::to_string(at - line_start + 1) + ": " +
           what;
  } catch (const nlohmann::json::out_of_range& e) {
    // "[json.exception.out_of_range.406] number overflow parsing '9e99999'"; the
    // parser stops there, before any syntax error further on (found by fuzzing).
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos) what = what.substr(close + 2);
    return "has a number too large to read (" + what + ")";
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // GDAL's own message then
  }
}

}  // namespace

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
  if (!is_dir && text::ascii_lower(p.extension().string()) == ".shp") {
    // A Shapefile is several files; say which one did not come along.
    for (const char* side : {".shx", ".dbf"}) {
      fs::path lower = p, upper = p;
      lower.replace_extension(side);
      std::string up = side;
      for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      upper.replace_extension(up);
      if (!fs::exists(lower, ec) && !fs::exists(upper, ec))
        throw InputError({path}, std::string("the Shapefile's ") + side + " file (" +
                                     (std::string(side) == ".shx" ? "geometry index" : "attribute table") +
                                     ") is missing: " + lower.filename().string() + " should be beside it",
                         "copy all of the Shapefile's files together (.shp, .shx, .dbf and .prj), or convert it to "
                         "a GeoPackage");
    }
  }
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
    const std::string ext = text::ascii_lower(p.extension().string());
    if (ext == ".geojson" || ext == ".json" || ext == ".topojson")
      if (auto where = json_syntax_error(path))
        throw InputError({path}, "the JSON " + *where,
                         where->rfind("is broken", 0) == 0
                             ? "fix the file there (a missing comma, bracket or quote is the usual cause) or export it "
                               "again"
                             : "numbers must stay within about 1.8e308; fix that number, or export the file again");
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
    throw UsageError("`where` \"" + where + "\" cannot be applied to " + path + " (layer " + layer.GetName() +
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
