#pragma once
// A self-contained interactive map: one HTML file with Leaflet and the data
// inlined, readable offline (the country outlines come from the data; an
// OpenStreetMap tile layer is added for when there is a connection).
#include <optional>
#include <string>

#include "mapexport/map_data.hpp"

namespace borderflow::mapexport {

struct HtmlMapOptions {
  std::string title = "borderflow";
  std::string subtitle;
  // Shown at the bottom right; the OpenStreetMap credit for the tiles is
  // added to it.
  std::string attribution = "Borders: Natural Earth";
  bool tiles = true;  // the OpenStreetMap tile layer (needs a connection)
};

// The page. Layers, switchable: density (image), hot spot cells (seven Gi*
// bin colours), border segments (by weight per km), route edges, corridors
// (width by flow), crossing clusters, crossings (formal and informal drawn
// differently), chokepoints (numbered by rank). A legend for every visible
// layer, a scale bar, popups with every field, the title and attribution.
// The page writes into <pre id="bf-report"> a JSON object {"errors": [...],
// "drawn": {layer: features drawn}} once drawn, for tests.
std::string html_map(const MapData& data, const std::optional<Overlay>& density, const HtmlMapOptions& options);

// Writes the page to `path` through a temporary file (OutputError on failure).
void write_html_map(const std::string& path, const MapData& data, const std::optional<Overlay>& density,
                    const HtmlMapOptions& options);

// Quantile class breaks of a numeric property of a layer (for colours and
// widths); with positive_only, of the values above 0, starting at 0.
std::vector<double> property_breaks(const MapLayer& layer, const std::string& property, std::size_t classes,
                                    bool positive_only = false);

}  // namespace borderflow::mapexport
