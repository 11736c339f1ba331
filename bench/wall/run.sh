#!/usr/bin/env bash
# The whole wall layout at 3840x2160 against the reference centre; prints
# markdown tables (docs/performance.md, "Wall").
#
#   bench/wall/run.sh [BUILD_DIR] [frames [SECONDS] [RATE] | memory [HOURS] [FACTOR] [R] | all]
#
# frames: 30 s quiet (baseline) then 30 s live at --rate 6000 (100 reports/s).
# memory: 24 simulated hours at the demo's 20 cases/min, compressed 144x (10 min).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(realpath "${1:-$src/build}")
shift || true
what=${1:-all}
shift || true
# BENCH_WALL_BIN: another bench-wall binary (a "before" build) with this build's centre and schema.
bench=${BENCH_WALL_BIN:-$build/bench/wall/bench-wall}
[ -x "$bench" ] || { echo "build $build/bench/wall/bench-wall first" >&2; exit 2; }
[ -x "$build/src/center/gridwall-center" ] || { echo "build $build/src/center/gridwall-center first" >&2; exit 2; }
ninja -C "$build" data/gschemas.compiled >/dev/null

# The memory run: GLib 2.74's slice allocator keeps freed objects for reuse
# out of malloc's sight, which hides what a case costs and what grows.
slice=
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
  xvfb-run -a -s "-screen 0 3840x2160x24" dbus-run-session -- env \
    GRIDWALL_CENTER="$build/src/center/gridwall-center" \
    GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
    XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    ${slice:+G_SLICE=$slice} \
    "$bench" "$@" 2> >(grep --line-buffered -v -e 'dbus-daemon' -e '^$' >&2)
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
case "$what" in
  frames) run frames "$@" ;;
  memory) slice=always-malloc; run memory "$@" ;;
  all) run frames; slice=always-malloc; run memory ;;
  *) echo "usage: run.sh [BUILD_DIR] [frames|memory|all] [ARGS]" >&2; exit 2 ;;
esac
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
