#pragma once
// density.tif: the kernel density raster as a GeoTIFF (GDAL).
#include <string>

#include "engine/geometry/projection.hpp"
#include "engine/hotspots/kernel_density.hpp"

namespace borderflow::geodata {

// density.tif: Float32 GeoTIFF in the working CRS (metres), persons (or
// cases) per km^2, north up, nodata -9999, DEFLATE. Writes `path` itself:
// callers write through an AtomicOutput (geodata/atomic_output.hpp) and pass
// its temporary path, with the target as `shown_as`, which OutputError names
// (default: path). A failed write removes the file.
void write_density_tif(const std::string& path, const hotspots::DensityRaster& raster,
                       const geometry::Projection& projection, const std::string& shown_as = {});

}  // namespace borderflow::geodata
