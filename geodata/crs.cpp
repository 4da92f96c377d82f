#include "geodata/crs.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/geometry/projection.hpp"

namespace borderflow::geodata {

WorkingCrs choose_working_crs(const geometry::Extent& e, const std::string& user) {
  if (!user.empty()) {
    geometry::Projection check(user);  // throws CrsError with PROJ's reason
    return {user, "given with `crs` (" + check.target_name() + ")"};
  }
  if (e.empty()) throw Error("cannot choose a working CRS for an empty extent", ExitCode::internal);
  const double cx = (e.min_x + e.max_x) / 2.0;
  const double cy = (e.min_y + e.max_y) / 2.0;
  const double width = e.max_x - e.min_x;
  char buf[256];
  if (width <= 6.0 && e.min_y >= -80.0 && e.max_y <= 84.0) {
    const int zone = std::min(60, static_cast<int>(std::floor((cx + 180.0) / 6.0)) + 1);
    const int epsg = (cy >= 0 ? 32600 : 32700) + zone;
    std::snprintf(buf, sizeof buf, "EPSG:%d", epsg);
    char why[256];
    std::snprintf(why, sizeof why, "UTM zone %d%c: the data spans %.2f degrees of longitude (at most 6)", zone,
                  cy >= 0 ? 'N' : 'S', width);
    return {buf, why};
  }
  std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%.4f +lon_0=%.4f +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
                cy, cx);
  char why[256];
  std::snprintf(why, sizeof why,
                "Lambert azimuthal equal-area centred on the data (%.4f, %.4f): it spans %.2f degrees of "
                "longitude, too wide for one UTM zone",
                cx, cy, width);
  return {buf, why};
}

}  // namespace borderflow::geodata
