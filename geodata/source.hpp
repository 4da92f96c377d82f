#pragma once
// Opening vector inputs: "FILE[:LAYER]" specs, datasets and layers, with
// messages that name the file and say what to do.
#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRLayer;
class OGRSpatialReference;

namespace borderflow::geodata {

struct SourceSpec {
  std::string path;
  std::string layer;  // empty: the only layer, or an error listing them
};

// Splits "FILE[:LAYER]". A spec that names an existing path as a whole is a
// path (so "C:/x" or names with colons still work); otherwise the text after
// the last ':' is the layer.
SourceSpec parse_source(const std::string& spec);

struct DatasetCloser {
  void operator()(GDALDataset* ds) const noexcept;
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// Opens a vector dataset read-only. CSV files are opened with options that
// find a WKT geometry column (wkt, geometry, geom, the_geom) or lon/lat
// columns. Throws InputError: missing file, a directory that holds no
// dataset, a format GDAL cannot read, an empty file.
DatasetPtr open_vector(const std::string& path);

// The requested layer, or the only one. Throws InputError listing the layers.
OGRLayer* select_layer(GDALDataset& ds, const SourceSpec& spec, const std::string& role);

// Applies an OGR SQL attribute filter; throws UsageError naming the fields
// when it does not parse or names an unknown field.
void apply_where(OGRLayer& layer, const std::string& where, const std::string& path);

// Field names of a layer, in order.
std::vector<std::string> field_names(OGRLayer& layer);
// Case-insensitive field lookup; -1 when absent.
int find_field(OGRLayer& layer, const std::string& name);

// "EPSG:4326" / "WGS 84" / WKT name of a spatial reference, for messages and reports.
std::string describe_srs(const OGRSpatialReference* srs);

// True when `path` is a CSV-like text table (by extension).
bool is_csv_path(const std::string& path);

}  // namespace borderflow::geodata
