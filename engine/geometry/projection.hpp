#pragma once
// Transformation between lon/lat (EPSG:4326, lon first) and a metric working
// CRS, with PROJ.
//
// Thread-safety: a Projection owns its own PJ_CONTEXT and is not safe to use
// from two threads at once; give each thread its own with clone().
#include <memory>
#include <string>

#include "engine/geometry/types.hpp"

namespace borderflow::geometry {

class Projection {
 public:
  // `target` is anything PROJ accepts as a CRS: "EPSG:32646", a PROJ string,
  // WKT or PROJJSON. Throws CrsError when PROJ cannot build the transformation
  // or when the target is not a projected CRS in metres.
  explicit Projection(const std::string& target);
  ~Projection();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;
  Projection(const Projection&) = delete;
  Projection& operator=(const Projection&) = delete;

  Projection clone() const;

  // lon/lat degrees -> working CRS metres. Non-finite results (a point PROJ
  // cannot project) come back as infinity; check with std::isfinite.
  Coord forward(Coord lonlat) const;
  // Working CRS metres -> lon/lat degrees.
  Coord inverse(Coord xy) const;
  void forward_in_place(std::vector<Coord>& pts) const;
  void inverse_in_place(std::vector<Coord>& pts) const;

  const std::string& target() const noexcept { return target_; }
  // PROJ's name for the target CRS, e.g. "WGS 84 / UTM zone 46N".
  const std::string& target_name() const noexcept { return name_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string target_;
  std::string name_;
};

}  // namespace borderflow::geometry
