#pragma once
// Writing result layers in EPSG:4326 (lon first) to a GeoPackage or any OGR
// vector driver, atomically: everything goes to a temporary file (or folder)
// beside the target, which replaces the target only on commit(). A failure,
// an exception or a kill before commit() leaves an existing target untouched
// and no partial file behind.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/geometry/types.hpp"

class GDALDataset;
class OGRLayer;

namespace borderflow::geodata {

enum class FieldType { integer, real, text, boolean };
struct FieldSpec {
  std::string name;
  FieldType type = FieldType::text;
};

enum class GeometryType { none, point, line, polygon };

// A null field value is std::monostate.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string, bool>;
using Geometry = std::variant<std::monostate, geometry::Coord, geometry::LineString, geometry::MultiLineString,
                              geometry::Polygon, geometry::MultiPolygon>;

class LayerWriter {
 public:
  // Appends a feature. `values` match the layer's fields in order; a
  // monostate is written as null. Throws OutputError.
  void add(const Geometry& geometry, const std::vector<FieldValue>& values);
  const std::string& name() const noexcept { return name_; }
  std::size_t count() const noexcept { return count_; }

 private:
  friend class OutputDataset;
  LayerWriter(OGRLayer* layer, std::string name, std::vector<FieldSpec> fields, std::string path)
      : layer_(layer), name_(std::move(name)), fields_(std::move(fields)), path_(std::move(path)) {}
  OGRLayer* layer_;
  std::string name_;
  std::vector<FieldSpec> fields_;
  std::string path_;
  std::size_t count_ = 0;
};

class OutputDataset {
 public:
  // `driver` is a GDAL short name ("GPKG", "GeoJSON", "FlatGeobuf",
  // "ESRI Shapefile", ...). Throws OutputError when the driver is unknown or
  // cannot write vectors, or the folder of `path` is missing or not writable.
  explicit OutputDataset(std::string path, std::string driver = "GPKG");
  ~OutputDataset();
  OutputDataset(const OutputDataset&) = delete;
  OutputDataset& operator=(const OutputDataset&) = delete;

  LayerWriter& create_layer(const std::string& name, GeometryType type, std::vector<FieldSpec> fields);

  // Finishes writing and moves the result into place. After commit() the
  // dataset is closed; further calls throw.
  void commit();

  const std::string& path() const noexcept { return path_; }
  // (layer name, features written), in the order the layers were created.
  std::vector<std::pair<std::string, std::size_t>> layer_counts() const;
  const std::string& temp_path() const noexcept { return temp_path_; }

 private:
  void discard() noexcept;
  std::string path_;
  std::string driver_;
  std::string temp_path_;
  GDALDataset* ds_ = nullptr;
  bool in_transaction_ = false;
  std::deque<LayerWriter> layers_;
};

// GDAL short names of the drivers that can create vector datasets.
std::vector<std::string> vector_output_drivers();

}  // namespace borderflow::geodata
