#pragma once
// `borderflow info`: what a dataset holds, and whether its geometries are valid.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/geometry/types.hpp"

namespace borderflow::geodata {

struct FieldInfo {
  std::string name;
  std::string type;  // OGR type name: String, Integer64, Real, ...
};

struct LayerValidity {
  std::size_t checked = 0;       // polygonal features checked with GEOS
  std::size_t invalid = 0;       // of which invalid (would be repaired on load)
  std::size_t empty = 0;         // features with no or empty geometry
  std::size_t non_finite = 0;    // features with NaN or infinite coordinates
  std::vector<std::string> examples;  // "feature 3: Self-intersection[...]", first 10
};

struct LayerInfo {
  std::string name;
  std::string geometry_type;
  std::int64_t feature_count = 0;
  std::string crs;                      // "EPSG:4326 (WGS 84)" or "none"
  std::optional<geometry::Extent> extent;  // in the layer's CRS
  std::vector<FieldInfo> fields;
  LayerValidity validity;
};

struct DatasetInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
};

struct InspectOptions {
  bool check_validity = true;  // GEOS validity of every polygon (reads every feature)
};

// Throws InputError when the path cannot be opened as vector data.
DatasetInfo inspect(const std::string& path, const InspectOptions& options = {});

nlohmann::json to_json(const DatasetInfo& info);
std::string to_text(const DatasetInfo& info);

}  // namespace borderflow::geodata
