#!/usr/bin/env bash
# Runs the map benchmarks under Xvfb and prints their tables (Markdown).
# usage: bench/map/run.sh [BUILD_DIR] [frame|baseline|sweep|latency ...]
# Build first: meson setup build-rel --buildtype=release && meson compile -C build-rel
set -u
cd "$(dirname "$0")/../.."
build=${1:-build-rel}
shift || true
modes=${*:-frame baseline latency sweep}
size=${BENCH_SIZE:-3840x2160}

export GRIDWALL_DEMO_CITY=$PWD/data/demo/nanchang-grids.geojson
export GRIDWALL_CENTER=$PWD/$build/src/center/gridwall-center
export GSETTINGS_SCHEMA_DIR=$PWD/$build/data GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1

echo "# Map benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $modes; do
  case $mode in
    latency) exe=$build/bench/map/bench-map-latency; args=$size ;;
    *) exe=$build/bench/map/bench-map; args="$mode $size" ;;
  esac
  xvfb-run -a -s "-screen 0 ${size}x24" "$exe" $args \
    2> >(grep --line-buffered -v 'session bus\|without a current allocation\|^$' >&2) \
    || echo "bench-map $mode failed (exit $?)"
done
