#include "geodata/density_raster.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "engine/core/error.hpp"
#include "geodata/gdal_env.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {

void write_density_tif(const std::string& file, const hotspots::DensityRaster& r, const geometry::Projection& proj,
                       const std::string& shown_as) {
  ensure_gdal();
  const fs::path target(file);
  const std::string& path = shown_as.empty() ? file : shown_as;  // in messages
  std::error_code ec;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw OutputError(path, "the folder " + dir.string() + " does not exist", "create it, or choose another path");
  if (fs::is_directory(target, ec)) throw OutputError(path, "is a folder", "give a file name ending in .tif");
  const std::string& tmp = file;
  CPLErrorReset();  // judge this write by its own errors only
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!drv) throw OutputError(path, "GDAL has no GTiff driver");
  char** co = nullptr;
  co = CSLSetNameValue(co, "COMPRESS", "DEFLATE");
  co = CSLSetNameValue(co, "PREDICTOR", "3");
  co = CSLSetNameValue(co, "TILED", "YES");
  if (r.width * r.height * 4 > (std::size_t{1} << 31)) co = CSLSetNameValue(co, "BIGTIFF", "YES");
  GDALDataset* ds = drv->Create(tmp.c_str(), static_cast<int>(r.width), static_cast<int>(r.height), 1, GDT_Float32, co);
  CSLDestroy(co);
  if (!ds) throw OutputError(path, std::string("cannot create the GeoTIFF: ") + CPLGetLastErrorMsg(), "check the folder is writable");
  bool ok = true;
  try {
    double gt[6] = {r.extent.min_x, r.pixel_m, 0.0, r.extent.max_y, 0.0, -r.pixel_m};
    ok = ok && ds->SetGeoTransform(gt) == CE_None;
    OGRSpatialReference srs;
    ok = ok && srs.SetFromUserInput(proj.target().c_str()) == OGRERR_NONE;
    ok = ok && ds->SetSpatialRef(&srs) == CE_None;
    GDALRasterBand* band = ds->GetRasterBand(1);
    ok = ok && band->SetNoDataValue(-9999.0) == CE_None;
    band->SetDescription("density");
    band->SetUnitType("per km2");
    ds->SetMetadataItem("BORDERFLOW_KERNEL", std::string(hotspots::to_string(r.kernel)).c_str());
    ds->SetMetadataItem("BORDERFLOW_BANDWIDTH_M", fmt::format("{}", r.bandwidth_m).c_str());
    ds->SetMetadataItem("BORDERFLOW_UNITS", "weight (persons or cases) per square kilometre");
    std::vector<float> row(r.width);
    for (std::size_t y = 0; y < r.height && ok; ++y) {
      for (std::size_t x = 0; x < r.width; ++x) {
        const double v = r.value(y, x);
        row[x] = std::isnan(v) ? -9999.0f : static_cast<float>(v);  // suppressed (--min-count): no data
      }
      ok = band->RasterIO(GF_Write, 0, static_cast<int>(y), static_cast<int>(r.width), 1, row.data(),
                          static_cast<int>(r.width), 1, GDT_Float32, 0, 0) == CE_None;
    }
    ds->FlushCache();
    ok = ok && CPLGetLastErrorType() < CE_Failure;
  } catch (...) {
    GDALClose(ds);
    fs::remove(tmp, ec);
    throw;
  }
  const std::string err = CPLGetLastErrorMsg();
  CPLErrorReset();
  GDALClose(ds);
  if (CPLGetLastErrorType() >= CE_Failure) ok = false;
  if (!ok) {
    fs::remove(tmp, ec);
    throw OutputError(path, "writing the GeoTIFF failed" + (err.empty() ? std::string() : ": " + err),
                      "check free disk space and permissions");
  }
}

}  // namespace borderflow::geodata
