#pragma once
// Internal: OGR geometries and features -> engine values in lon/lat.
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/geometry/types.hpp"

namespace borderflow::geodata::detail {

// Transforms a layer's geometries to EPSG:4326 with lon first. Throws
// CrsError when the layer has no CRS and none is assumed, or when the CRS
// cannot be transformed.
class LonLatTransform {
 public:
  LonLatTransform(OGRLayer& layer, const std::string& path, const std::string& assume_crs);
  // Transforms in place; throws GeometryError naming `where` on failure.
  void apply(OGRGeometry& g, const InputLocation& where) const;
  const std::string& source_crs() const noexcept { return source_crs_; }

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;  // null: already lon/lat WGS 84
  std::string source_crs_;
};

// Where a feature is: CSV rows are reported by line (the header is line 1),
// other formats by feature id.
InputLocation locate(const std::string& path, OGRLayer& layer, const OGRFeature& f, bool text_table);

geometry::MultiPolygon to_multipolygon(const OGRGeometry& g);
geometry::MultiLineString to_lines(const OGRGeometry& g);

// The field values of a feature as (name, UTF-8 text); unset and null fields
// are empty text. Throws InputError when a value is not valid UTF-8.
std::vector<std::pair<std::string, std::string>> fields_as_text(const OGRFeature& f, const InputLocation& where);

// Value of the field `name` (case-insensitive) in `fields`, nullopt when absent.
std::optional<std::string> field_value(const std::vector<std::pair<std::string, std::string>>& fields,
                                       std::initializer_list<const char*> names);

}  // namespace borderflow::geodata::detail
