#pragma once
// Writing result layers in EPSG:4326 (lon first) to a GeoPackage or any OGR
// vector driver, atomically: everything goes to a temporary file (or folder)
// beside the target, which replaces the target only on commit(). A failure,
// an exception or a kill before commit() leaves an existing target untouched
// and no partial file behind.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/geometry/types.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/detail/gpkg_rtree.hpp"

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

// Small-count suppression (--min-count K; DESIGN.md, Data protection). A
// layer created with a rule keeps its rows until OutputDataset::finish_layers()
// and gets a boolean field `suppressed`.
struct ProtectedMeasure {
  ProtectedMeasure(std::string field_, std::vector<std::string> nulled_,
                   std::vector<std::vector<std::string>> complement_by_ = {},
                   std::function<bool(std::size_t)> also_hide_ = {},
                   std::function<double(std::size_t)> persons_ = {})
      : field(std::move(field_)), nulled(std::move(nulled_)), complement_by(std::move(complement_by_)),
        also_hide(std::move(also_hide_)), persons(std::move(persons_)) {}
  std::string field;                // a count or weight of persons: 0 < value < K suppresses it
  std::vector<std::string> nulled;  // fields emptied with it ("prefix*" names a family of fields)
  // Field tuples whose groups have their total published elsewhere (a summary,
  // a node's flow): when one value of a group is suppressed, the smallest other
  // one is too, so that the total cannot give it away by subtraction.
  std::vector<std::vector<std::string>> complement_by;
  // Also suppressed where this says so (row index), e.g. from the result of a
  // layer protected before this one (LayerWriter::hidden).
  std::function<bool(std::size_t row)> also_hide;
  // For a measure that is not itself a count of persons (a route length in
  // persons x km): the persons behind the row's value; 0 < persons < K
  // suppresses it. Without it, the value is the count.
  std::function<double(std::size_t row)> persons;
};
struct ProtectionRule {
  std::vector<ProtectedMeasure> measures;
  // Emptied in every row with a suppressed row among its neighbours (Gi* z and
  // p: with the neighbours' values they would give the suppressed value back).
  // A total and the measures of the same row that add up to it ({"flow",
  // "flow_tip", "flow_som", "flow_unknown"}): while the total is shown, never
  // exactly one of its parts hidden (another one is, or the total).
  std::vector<std::vector<std::string>> row_sums;
  std::vector<std::string> neighbour_nulled;
  std::function<std::vector<std::uint32_t>(std::size_t row)> neighbours;  // by row order
};

class LayerWriter {
 public:
  // Appends a feature. `values` match the layer's fields in order; a
  // monostate is written as null. Throws OutputError.
  void add(const Geometry& geometry, const std::vector<FieldValue>& values);
  const std::string& name() const noexcept { return name_; }
  std::size_t count() const noexcept { return count_; }
  std::size_t suppressed() const noexcept { return suppressed_; }
  // After finish_layers(): per row, whether the measure of `field` was
  // suppressed, or the field (Gi* z, p) emptied next to a suppressed row
  // (empty before, or for a field that is neither).
  const std::vector<char>& hidden(const std::string& field) const;

 private:
  friend class OutputDataset;
  LayerWriter(OGRLayer* layer, std::string name, std::vector<FieldSpec> fields, std::string path)
      : layer_(layer), name_(std::move(name)), fields_(std::move(fields)), path_(std::move(path)) {}
  void write(const Geometry& geometry, const std::vector<FieldValue>& values, std::optional<bool> flag = std::nullopt);
  void protect_and_write(double min_count);  // the kept rows, then forgets them
  OGRLayer* layer_;
  std::string name_;
  std::vector<FieldSpec> fields_;
  std::string path_;
  std::size_t count_ = 0;
  std::optional<ProtectionRule> rule_;
  std::vector<std::pair<Geometry, std::vector<FieldValue>>> kept_;
  std::map<std::string, std::vector<char>> hidden_;
  bool finished_ = false;
  std::size_t suppressed_ = 0;
  // A GeoPackage layer's spatial index, built by OutputDataset::close() (null: none or GDAL's).
  std::unique_ptr<detail::RtreeLayer> index_;
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
  // A layer under small-count suppression: `fields` get a trailing boolean
  // `suppressed`, which add() sets itself (give values for `fields` only).
  LayerWriter& create_layer(const std::string& name, GeometryType type, std::vector<FieldSpec> fields,
                            ProtectionRule rule);

  // Counts or weights of persons below `k` (k > 1) are suppressed in the
  // layers created with a rule (k <= 1: nothing is). Set before adding rows.
  void set_min_count(double k) noexcept { min_count_ = k; }
  double min_count() const noexcept { return min_count_; }
  // Applies the suppression and writes the kept rows (commit() does it too).
  // (layer, rows suppressed) for the layers with a rule.
  std::vector<std::pair<std::string, std::size_t>> finish_layers();
  // The layer created with this name (null: none).
  const LayerWriter* layer(const std::string& name) const;

  // Finishes writing and closes the temporary dataset, without moving it
  // into place: for an OutputCommit of several outputs (output()).
  void close();
  // close(), then moves the result into place. Further calls throw.
  void commit();
  // The temporary file behind this dataset and its target.
  AtomicOutput& output() noexcept { return *output_; }

  const std::string& path() const noexcept { return path_; }
  // (layer name, features written), in the order the layers were created.
  std::vector<std::pair<std::string, std::size_t>> layer_counts() const;
  const std::string& temp_path() const noexcept { return output_->temp_path(); }

 private:
  void discard() noexcept;
  std::string path_;
  std::string driver_;
  std::unique_ptr<AtomicOutput> output_;
  GDALDataset* ds_ = nullptr;
  bool in_transaction_ = false;
  bool finished_ = false;
  bool bulk_index_ = false;  // GeoPackage: spatial indexes packed in bulk at close (detail/gpkg_rtree.hpp)
  double min_count_ = 0.0;
  std::deque<LayerWriter> layers_;
};

// GDAL short names of the drivers that can create vector datasets.
std::vector<std::string> vector_output_drivers();

}  // namespace borderflow::geodata
