#pragma once
// The frontier cache: the borders as read and repaired, and the prepared
// frontier (units projected into the working CRS, land, derived borders),
// kept on disk between runs so that a second run over the same borders reads
// them instead of repairing and overlaying them again.
//
// Where: `cache_dir`, else $XDG_CACHE_HOME/borderflow, else
// ~/.cache/borderflow; entries in its `frontier/` folder. What: border
// geometry only (no route, place or person data).
//
// Keys: SHA-256 of a text naming everything that shapes the entry: the
// software version and this cache's format, the GEOS, GDAL and PROJ
// versions, the borders' FILE[:LAYER] as given and the SHA-256 of its bytes
// (and a Shapefile's side files), `border_id`, `assume_crs`; for the
// frontier also the coast (as the borders), the working CRS, the
// densification step and `snap_m`. A change to any of them misses.
//
// Safety: an entry is written to a temporary file and renamed into place, so
// two runs may write the same entry at once; each entry carries its key, its
// length and the SHA-256 of its contents, and is used only when all three
// match and it decodes completely: a truncated, tampered or foreign entry is
// ignored with a warning and rebuilt. After a write, the oldest entries (by
// last use) are removed until the folder holds at most `cache_max_mb`.
// A cache that cannot be written is a warning, never an error.
#include <optional>
#include <string>

#include "engine/core/diagnostics.hpp"
#include "engine/crossings/analysis.hpp"
#include "geodata/load.hpp"
#include "pipeline/settings.hpp"

namespace borderflow::pipeline {

// The folder the cache lives in for these settings ("" when the cache is off).
std::string cache_folder(const CacheSettings& s);

// A border reader (geodata::load_inputs) that answers from the cache when it
// can and stores what it read otherwise. `status` receives hit, stored, off
// or "miss (...)" with the reason; `key` the entry's key ("" when off).
geodata::BorderReader cached_border_reader(const AnalysisSettings& s, std::string& status, std::string& key);

// The prepared frontier of `in` (crossings::prepare_frontier with these
// options), from the cache when it holds it. Needs the borders' key from
// cached_border_reader (empty: no cache). `status` as above.
crossings::PreparedFrontier cached_frontier(const geodata::LoadedInputs& in, const AnalysisSettings& s,
                                            const crossings::CrossingAnalysisOptions& options, Diagnostics& diagnostics,
                                            std::string& status);

// Encodings, exposed for the tests: decode throws binary::DecodeError.
std::string encode_border_read(const geodata::BorderRead& read, const std::vector<Warning>& warnings);
geodata::BorderRead decode_border_read(const std::string& bytes, std::vector<Warning>& warnings);
std::string encode_frontier(const crossings::PreparedFrontier& f);
crossings::PreparedFrontier decode_frontier(const std::string& bytes);

}  // namespace borderflow::pipeline
