#!/usr/bin/env bash
# Configures (once) and builds borderflow incrementally.
#   BORDERFLOW_BUILD_DIR   build folder (default: build)
#   BORDERFLOW_SANITIZE    e.g. address,undefined (default: none)
#   BORDERFLOW_WERROR      ON to treat warnings as errors (default: OFF)
#   BORDERFLOW_BUILD_TYPE  default RelWithDebInfo
# A setting not given keeps the build folder's cached value, so running the
# demo after the tests (or the other way round) does not rebuild everything.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BORDERFLOW_BUILD_DIR:-$root/build}
jobs=${BORDERFLOW_JOBS:-$(nproc)}

args=(-S "$root" -B "$build" -DBORDERFLOW_BUILD_TESTS=ON -DBORDERFLOW_BUILD_PYTHON=ON)
[[ -n ${BORDERFLOW_BUILD_TYPE:-} ]] && args+=(-DCMAKE_BUILD_TYPE="$BORDERFLOW_BUILD_TYPE")
[[ -n ${BORDERFLOW_SANITIZE:-} ]] && args+=(-DBORDERFLOW_SANITIZE="$BORDERFLOW_SANITIZE")
[[ -n ${BORDERFLOW_WERROR:-} ]] && args+=(-DBORDERFLOW_WARNINGS_AS_ERRORS="$BORDERFLOW_WERROR")
cmake "${args[@]}" >/dev/null
cmake --build "$build" -j "$jobs"
