#pragma once
// Choice of the metric working CRS in which analyses measure lengths and areas.
#include <string>

#include "engine/geometry/types.hpp"

namespace borderflow::geodata {

struct WorkingCrs {
  std::string definition;  // what PROJ takes: "EPSG:32646" or a PROJ string
  std::string reason;      // why it was chosen, for summary.json and the report
};

// `user` (from --crs) when given, checked by PROJ to be projected and in
// metres (throws CrsError otherwise). Else, for a lon/lat extent whose width
// is at most 6 degrees and which lies within 80S..84N: the UTM zone of its
// centre (EPSG:326zz north, 327zz south). Else a Lambert azimuthal
// equal-area projection centred on the extent.
WorkingCrs choose_working_crs(const geometry::Extent& lonlat, const std::string& user = {});

}  // namespace borderflow::geodata
