#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) and runs
# each for a bounded time. .ci/run calls it with a short budget; longer runs:
#   scripts/fuzz.sh --seconds 3600                 # every target, an hour each
#   scripts/fuzz.sh --seconds 600 fuzz_crossings   # one target
# The working corpus grows in $BORDERFLOW_FUZZ_DIR (default build-fuzz/work),
# never in tests/fuzz/corpus. A finding stops the run with its input saved
# under build-fuzz/work/findings/<target>/ and a non-zero exit; see
# tests/fuzz/README.md for turning it into a regression test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BORDERFLOW_FUZZ_BUILD_DIR:-$root/build-fuzz}
work=${BORDERFLOW_FUZZ_DIR:-$build/work}
seconds=60
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(fuzz_itinerary fuzz_route_reader fuzz_crossings)

# clang, its libFuzzer runtime and its OpenMP runtime, on top of the usual packages.
"$root/scripts/bootstrap.sh" clang libclang-rt-14-dev libomp-dev

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBORDERFLOW_BUILD_FUZZERS=ON -DBORDERFLOW_BUILD_TESTS=OFF -DBORDERFLOW_BUILD_MAPS=OFF \
  -DBORDERFLOW_BUILD_PYTHON=OFF -DBORDERFLOW_SANITIZE=address,undefined >/dev/null
cmake --build "$build" -j "${BORDERFLOW_JOBS:-$(nproc)}" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside GDAL's and PROJ's one-time caches are not ours.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/.ci/lsan.supp:print_suppressions=0}
# Idle OpenMP threads sleep instead of spinning: on two cores spinning halves the executions.
export OMP_WAIT_POLICY=passive
status=0
for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t" "$work/findings/$t"
  echo "== $t: ${seconds} s (corpus $work/corpus/$t, seeds tests/fuzz/corpus/$t)"
  seeds=("$root/tests/fuzz/corpus/$t")
  [[ -d $root/tests/fuzz/regressions/$t ]] && seeds+=("$root/tests/fuzz/regressions/$t")
  # -rss_limit_mb: a leak or a blow-up is a finding; -timeout: so is one slow input.
  if ! "$build/tests/fuzz/$t" "$work/corpus/$t" "${seeds[@]}" -max_total_time="$seconds" -timeout=20 \
       -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 -artifact_prefix="$work/findings/$t/" \
       2> "$work/$t.log"; then
    status=1
    echo "!! $t found a problem; the last lines of $work/$t.log:" >&2
    tail -n 40 "$work/$t.log" >&2
    echo "!! the input is in $work/findings/$t/ (see tests/fuzz/README.md)" >&2
  else
    # The run's figures (a log without them is no failure: the fuzzer's exit status decides).
    { grep -E "^stat::(number_of_executed_units|peak_rss_mb|new_units_added)" "$work/$t.log" || true; } | tr '\n' ' '
    echo
  fi
done
exit $status
