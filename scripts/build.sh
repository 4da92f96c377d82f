#!/usr/bin/env bash
# Configures (once) and builds borderflow incrementally.
#   BORDERFLOW_BUILD_DIR   build folder (default: build)
#   BORDERFLOW_SANITIZE    e.g. address,undefined (default: none)
#   BORDERFLOW_WERROR      ON to treat warnings as errors (default: OFF)
#   BORDERFLOW_BUILD_TYPE  default RelWithDebInfo
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BORDERFLOW_BUILD_DIR:-$root/build}
jobs=${BORDERFLOW_JOBS:-$(nproc)}

cmake -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE="${BORDERFLOW_BUILD_TYPE:-RelWithDebInfo}" \
  -DBORDERFLOW_BUILD_TESTS=ON \
  -DBORDERFLOW_SANITIZE="${BORDERFLOW_SANITIZE:-}" \
  -DBORDERFLOW_WARNINGS_AS_ERRORS="${BORDERFLOW_WERROR:-OFF}" >/dev/null
cmake --build "$build" -j "$jobs"
