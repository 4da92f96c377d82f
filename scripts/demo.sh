#!/usr/bin/env bash
# Quick start, first command: install what is missing, build, and run the
# main job on the bundled Bangladesh sample. Outputs go to ./borderflow-demo.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh"
exec "${BORDERFLOW_BUILD_DIR:-$root/build}/apps/cli/borderflow" demo -o "${1:-borderflow-demo}"
