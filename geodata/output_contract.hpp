#pragma once
// The output contract (DESIGN.md, Outputs): the names of the layers that GIS
// users, the map exporter, the styles and the bindings rely on, and the
// classes of the Gi* bins with their colours and labels. Every writer, style,
// map and binding takes them from here; a renamed layer or a new colour is
// one edit.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace borderflow::contract {

// Layer names, in the order analyze writes them.
inline constexpr const char* kBorders = "borders";
inline constexpr const char* kCrossings = "crossings";
inline constexpr const char* kRouteEdges = "route_edges";
inline constexpr const char* kRouteNodes = "route_nodes";
inline constexpr const char* kCorridors = "corridors";
inline constexpr const char* kChokepoints = "chokepoints";
inline constexpr const char* kHotspotCells = "hotspot_cells";
inline constexpr const char* kBorderSegments = "border_segments";
inline constexpr const char* kCrossingClusters = "crossing_clusters";
// Written when a time field gives two or more steps (README, Trends).
inline constexpr const char* kEmergingHotspots = "emerging_hotspots";

inline constexpr std::array<const char*, 9> kAnalysisLayers = {
    kBorders, kCrossings, kRouteEdges, kRouteNodes, kCorridors, kChokepoints, kHotspotCells, kBorderSegments,
    kCrossingClusters};

// The emerging hot spot categories (engine/hotspots/emerging.hpp's words)
// and their colours: ArcGIS's scheme of reds for hot and blues for cold
// patterns, strongest for intensifying and persistent, palest for historical.
struct EmergingClass {
  const char* category;
  std::uint8_t r, g, b;
};
inline constexpr std::array<EmergingClass, 17> kEmergingClasses = {{
    {"new hot spot", 254, 178, 76},          {"consecutive hot spot", 253, 141, 60},
    {"intensifying hot spot", 189, 0, 38},   {"persistent hot spot", 227, 26, 28},
    {"diminishing hot spot", 252, 78, 42},   {"sporadic hot spot", 254, 204, 92},
    {"oscillating hot spot", 240, 120, 130}, {"historical hot spot", 255, 225, 200},
    {"new cold spot", 158, 202, 225},        {"consecutive cold spot", 107, 174, 214},
    {"intensifying cold spot", 8, 48, 107},  {"persistent cold spot", 33, 113, 181},
    {"diminishing cold spot", 66, 146, 198}, {"sporadic cold spot", 198, 219, 239},
    {"oscillating cold spot", 150, 150, 220}, {"historical cold spot", 222, 235, 247},
    {"no pattern detected", 255, 255, 255},
}};

// File names written beside the GeoPackage.
inline constexpr const char* kDensityFile = "density.tif";
inline constexpr const char* kSummaryFile = "summary.json";

// A Gi* bin (-3..3, as ArcGIS: +-3 = 99 %, +-2 = 95 %, +-1 = 90 % confidence).
struct GiBinClass {
  int bin;
  const char* colour;  // ArcGIS's hot spot ramp, blue (cold) - pale yellow - red (hot)
  std::uint8_t r, g, b;
  const char* label;   // "Hot spot, 99 %"
};
inline constexpr std::array<GiBinClass, 7> kGiBins = {{
    {-3, "#4575b5", 69, 117, 181, "Cold spot, 99 %"},
    {-2, "#849eba", 132, 158, 186, "Cold spot, 95 %"},
    {-1, "#c0ccbe", 192, 204, 190, "Cold spot, 90 %"},
    {0, "#ffffbf", 255, 255, 191, "Not significant"},
    {1, "#fab984", 250, 185, 132, "Hot spot, 90 %"},
    {2, "#ed7551", 237, 117, 81, "Hot spot, 95 %"},
    {3, "#d62f27", 214, 47, 39, "Hot spot, 99 %"},
}};
// Cells or segments without neighbours (no Gi* z).
inline constexpr const char* kNoNeighboursLabel = "No neighbours (no Gi*)";

// The class of a bin (clamped to -3..3).
inline const GiBinClass& gi_bin(int bin) noexcept { return kGiBins[static_cast<std::size_t>((bin < -3 ? -3 : bin > 3 ? 3 : bin) + 3)]; }

// The label in lower case for running text ("hot spot, 99 %").
inline std::string gi_bin_text(int bin) {
  std::string s = gi_bin(bin).label;
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  for (std::size_t i = 1; i + 1 < s.size(); ++i)  // "Not significant" -> "not significant"
    if (s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z') s[i + 1] = static_cast<char>(s[i + 1] - 'A' + 'a');
  return s;
}

}  // namespace borderflow::contract
