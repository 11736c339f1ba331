#!/bin/sh
# bench-cluster.sh: GwClusterIndex against supercluster on the same 100,000 points.
#
#   bench/map/bench-cluster.sh [BUILD_DIR [N_POINTS [ROUNDS]]]
#
# BUILD_DIR (default build-rel) should be a release build:
#   meson setup build-rel --buildtype=release && meson compile -C build-rel bench/map/bench-cluster
# Installs supercluster 9.1.0 with npm into ${XDG_CACHE_HOME:-~/.cache}/gridwall-node if
# it is not there, generates the points (seeded) in node, times supercluster's load()
# and our build, and checks that getClusters of the whole world at zooms 0..18 gives
# the same items (ids, point counts, centroids on supercluster's 2^-30 grid) in the
# same order.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build-rel}
n=${2:-100000}
rounds=${3:-7}
case $build in /*) ;; *) build="$root/$build" ;; esac
bench="$build/bench/map/bench-cluster"
node_dir=${XDG_CACHE_HOME:-$HOME/.cache}/gridwall-node
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$bench" ] || { echo "no $bench: build it first (see the top of this script)" >&2; exit 2; }
if [ ! -f "$node_dir/node_modules/supercluster/package.json" ]; then
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-save --no-audit --no-fund supercluster@9.1.0 >&2
fi
version=$(node -p "require('$node_dir/node_modules/supercluster/package.json').version")

echo "supercluster $version, node $(node --version), $n points, $rounds rounds after warm-up"
node_out=$(NODE_PATH="$node_dir/node_modules" GRIDWALL_NODE_DIR="$node_dir" \
  node "$here/bench-cluster.mjs" "$n" 20261121 "$work/points.txt" "$work/node.txt" "$rounds")
echo "$node_out"
c_out=$("$bench" "$work/points.txt" "$rounds" "$work/c.txt")
echo "$c_out"

field='s/^.*, ms wall best, median, CPU best: //p'
theirs=$(echo "$node_out" | grep '^supercluster load,' | sed -n "$field")
theirs_agg=$(echo "$node_out" | grep '^supercluster load with' | sed -n "$field")
ours=$(echo "$c_out" | grep '^GwClusterIndex build,' | sed -n "$field")
ours_agg=$(echo "$c_out" | grep '^GwClusterIndex build with overdue counts and' | sed -n "$field")
echo "$theirs $ours" | awk '{
  printf "speed-up, plain: %.2fx wall best, %.2fx wall median, %.2fx CPU best\n", $1 / $4, $2 / $5, $3 / $6 }'
echo "$theirs_agg $ours_agg" | awk '{
  printf "speed-up, overdue counts and categories vs map/reduce: %.2fx wall best, %.2fx wall median, %.2fx CPU best\n", $1 / $4, $2 / $5, $3 / $6 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if cmp -s "$work/node.txt" "$work/c.txt"; then
  echo "zooms 0..18: same items, point counts, centroids and order ($(wc -l < "$work/c.txt") lines)"
else
  sort "$work/node.txt" > "$work/node.sorted"
  sort "$work/c.txt" > "$work/c.sorted"
  if cmp -s "$work/node.sorted" "$work/c.sorted"; then
    echo "zooms 0..18: same items, point counts and centroids; ORDER DIFFERS"
  else
    echo "zooms 0..18: DIFFERENT clusters:" >&2
    diff "$work/node.sorted" "$work/c.sorted" | head -20 >&2
    exit 1
  fi
fi
