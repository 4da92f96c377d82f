#pragma once
// GDAL set-up shared by every reader and writer: drivers registered once,
// GDAL's own messages captured instead of printed, and the GeoJSON object-size
// limit lifted (the world at 10 m has single features of tens of MB).
#include <string>

namespace borderflow::geodata {

// Registers all GDAL/OGR drivers once (thread-safe) and installs borderflow's
// settings. Every entry point of geodata calls it; calling it again is cheap.
void ensure_gdal();

// The most recent error GDAL reported on this thread ("" when none), and clears it.
std::string take_gdal_error();

}  // namespace borderflow::geodata
