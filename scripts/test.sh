#!/usr/bin/env bash
# Quick start, second command: install what is missing, build, and run every test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BORDERFLOW_BUILD_DIR:-$root/build}
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "${BORDERFLOW_JOBS:-$(nproc)}" "$@"
