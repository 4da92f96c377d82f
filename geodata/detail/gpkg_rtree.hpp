#pragma once
// Internal: the GeoPackage spatial index (extension gpkg_rtree_index), built
// in bulk. GDAL 3.6 fills a layer's SQLite R*Tree one row at a time (about
// 25 us a row: 6 s for 235,538 crossings, more than the rest of the write);
// GDAL 3.8 packs it in bulk instead, as this does for the layers borderflow
// writes: the envelopes are sorted along a Hilbert curve, cut into full
// nodes level by level, and the nodes written straight into the R*Tree's
// shadow tables (%_node, %_rowid, %_parent; their format is SQLite's, see
// ext/rtree/rtree.c). The virtual table, the triggers that keep it in step
// with later edits and the gpkg_extensions row are those GDAL writes.
#include <cstdint>
#include <string>
#include <vector>

namespace borderflow::geodata::detail {

struct Envelope {
  std::int64_t fid = 0;
  double minx = 0, maxx = 0, miny = 0, maxy = 0;
};

struct RtreeLayer {
  std::string table;   // the feature table
  std::string column;  // its geometry column
  std::vector<Envelope> boxes;  // one per feature with a non-empty geometry
};

// Adds the spatial index of each layer to the GeoPackage at `path`, which no
// one else has open, in one transaction. Throws OutputError naming `shown_path`.
void add_rtree_indexes(const std::string& path, const std::vector<RtreeLayer>& layers, const std::string& shown_path);

}  // namespace borderflow::geodata::detail
