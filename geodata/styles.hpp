#pragma once
// QGIS styles for the layers of the output contract, stored in the
// GeoPackage's `layer_styles` table (the table QGIS reads and writes with
// "Save as default"), so that the layers open styled from the one file.
//
// Styles are QML (QGIS 3 renderer-v2): categorized for classes (Gi* bins,
// formal/informal, land/coast), graduated with quantile breaks computed from
// the data for quantities (weight per km, flow), and rank labels for
// chokepoints.
#include <string>
#include <vector>

#include "geodata/layer_writer.hpp"

namespace borderflow::geodata {

// The values a graduated style classifies, per layer (empty when the layer
// is not written).
struct StyleData {
  std::vector<double> segment_weight_per_km;
  std::vector<double> corridor_flow;
  std::vector<double> edge_flow;
  std::vector<double> cluster_weight;
};

// QML of one layer of the contract; empty for a layer without a style.
std::string layer_qml(const std::string& layer, const StyleData& data);

// Adds the `layer_styles` table with one default style per layer in
// `layers` that has one. Only for GeoPackage outputs (other drivers: no-op,
// returns false).
bool write_layer_styles(OutputDataset& out, const std::vector<std::string>& layers, const StyleData& data,
                        const std::string& driver);

// Up to `classes` quantile breaks of the values (distinct, ascending,
// including the minimum and maximum).
std::vector<double> quantile_breaks(std::vector<double> values, std::size_t classes);

}  // namespace borderflow::geodata
