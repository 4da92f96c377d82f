#include "geodata/gdal_env.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <mutex>

namespace borderflow::geodata {
namespace {

thread_local std::string t_last_error;

void CPL_STDCALL capture_errors(CPLErr cls, CPLErrorNum, const char* msg) {
  if (cls >= CE_Failure && msg) t_last_error = msg;
}

}  // namespace

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    // 0 = no limit on the size of one GeoJSON object (GDAL's default is 200 MB
    // in 3.6, smaller in older versions).
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    // Write GeoPackages without the timestamp that would make outputs differ run to run.
    CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    CPLSetConfigOption("CPL_LOG_ERRORS", "OFF");
    GDALAllRegister();
  });
  // The handler is per thread in GDAL (CPLPushErrorHandler); install it on each thread once.
  thread_local bool installed = false;
  if (!installed) {
    CPLPushErrorHandler(capture_errors);
    installed = true;
  }
}

std::string take_gdal_error() {
  std::string msg;
  msg.swap(t_last_error);
  return msg;
}

}  // namespace borderflow::geodata
