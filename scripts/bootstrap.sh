#!/usr/bin/env bash
# Installs the Debian 12 packages borderflow needs, only those missing.
# Idempotent: a second run installs nothing and takes a second.
# Extra package names given as arguments are installed too (scripts/fuzz.sh
# adds clang and libFuzzer this way).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libgdal-dev libsqlite3-dev gdal-bin libgeos-dev libproj-dev proj-data
  libboost-graph-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-gdal
  libmapnik-dev libcairo2-dev fonts-dejavu-core  # static map (Mapnik + Cairo)
  chromium                                       # the test that opens the HTML map headless
  pybind11-dev python3-dev python3-numpy python3-pytest python3-networkx python3-geopandas python3-pyproj python3-scipy  # Python module, its tests (scipy: Mann-Kendall reference), README example
)
packages+=("$@")
# Leaflet is fetched from the npm registry at build time: npm from Debian,
# unless an npm is already on the PATH (e.g. with a newer Node.js).
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "borderflow: installing missing packages: ${missing[*]}" >&2
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "borderflow: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
