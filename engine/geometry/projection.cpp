#include "engine/geometry/projection.hpp"

#include <proj.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace borderflow::geometry {

struct Projection::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
  ~Impl() {
    if (pj) proj_destroy(pj);
    if (ctx) proj_context_destroy(ctx);
  }
};

namespace {

[[noreturn]] void fail(PJ_CONTEXT* ctx, const std::string& target, const std::string& what) {
  std::string msg = "cannot use CRS '" + target + "': " + what;
  const int err = proj_context_errno(ctx);
  if (err != 0) msg += std::string(" (PROJ: ") + proj_context_errno_string(ctx, err) + ")";
  throw CrsError({}, msg, "give a projected CRS in metres, e.g. `crs` EPSG:32646 (UTM 46N) or a PROJ string");
}

}  // namespace

Projection::Projection(const std::string& target) : impl_(std::make_unique<Impl>()), target_(target) {
  impl_->ctx = proj_context_create();
  proj_log_level(impl_->ctx, PJ_LOG_NONE);  // failures are reported through CrsError
  // A bare PROJ string ("+proj=laea ...") names an operation; "+type=crs" makes it a CRS.
  std::string definition = target;
  if (definition.rfind("+proj=", 0) == 0 && definition.find("+type=crs") == std::string::npos)
    definition += " +type=crs";
  PJ* crs = proj_create(impl_->ctx, definition.c_str());
  if (!crs) fail(impl_->ctx, target, "PROJ does not recognise it");
  const PJ_TYPE type = proj_get_type(crs);
  if (type != PJ_TYPE_PROJECTED_CRS) {
    proj_destroy(crs);
    fail(impl_->ctx, target, "it is not a projected CRS (distances must be in metres)");
  }
  if (const char* n = proj_get_name(crs)) name_ = n;
  // Check the unit of the first axis is the metre.
  PJ* cs = proj_crs_get_coordinate_system(impl_->ctx, crs);
  double to_metre = 0.0;
  const char* unit_name = nullptr;
  const bool ok = cs && proj_cs_get_axis_info(impl_->ctx, cs, 0, nullptr, nullptr, nullptr, &to_metre,
                                              &unit_name, nullptr, nullptr);
  if (cs) proj_destroy(cs);
  if (!ok || std::abs(to_metre - 1.0) > 1e-12) {
    proj_destroy(crs);
    fail(impl_->ctx, target, std::string("its unit is ") + (unit_name ? unit_name : "unknown") + ", not metre");
  }
  PJ* lonlat = proj_create(impl_->ctx, "EPSG:4326");
  PJ* pj = lonlat ? proj_create_crs_to_crs_from_pj(impl_->ctx, lonlat, crs, nullptr, nullptr) : nullptr;
  if (lonlat) proj_destroy(lonlat);
  proj_destroy(crs);
  if (!pj) fail(impl_->ctx, target, "no transformation from EPSG:4326");
  impl_->pj = proj_normalize_for_visualization(impl_->ctx, pj);  // lon/lat in, easting/northing out
  proj_destroy(pj);
  if (!impl_->pj) fail(impl_->ctx, target, "cannot normalise axis order");
}

Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

Projection Projection::clone() const { return Projection(target_); }

Coord Projection::forward(Coord lonlat) const {
  PJ_COORD c = proj_coord(lonlat.x, lonlat.y, 0, 0);
  PJ_COORD r = proj_trans(impl_->pj, PJ_FWD, c);
  if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL) {
    proj_errno_reset(impl_->pj);
    return {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  }
  return {r.xy.x, r.xy.y};
}

Coord Projection::inverse(Coord xy) const {
  PJ_COORD c = proj_coord(xy.x, xy.y, 0, 0);
  PJ_COORD r = proj_trans(impl_->pj, PJ_INV, c);
  if (!std::isfinite(r.lp.lam) || !std::isfinite(r.lp.phi) || r.lp.lam == HUGE_VAL) {
    proj_errno_reset(impl_->pj);
    return {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  }
  return {r.lp.lam, r.lp.phi};
}

void Projection::forward_in_place(std::vector<Coord>& pts) const {
  for (Coord& p : pts) p = forward(p);
}

void Projection::inverse_in_place(std::vector<Coord>& pts) const {
  for (Coord& p : pts) p = inverse(p);
}

}  // namespace borderflow::geometry
