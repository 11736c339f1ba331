#!/usr/bin/env bash
# Builds Gridwall into _build and runs it on the built-in demo centre (南昌市).
# Extra arguments go to gridwall, e.g. build-aux/demo.sh --wall
set -eu
cd "$(dirname "$0")/.."
build-aux/install-deps.sh

prefix="$PWD/_build/prefix"
[ -f _build/build.ninja ] || meson setup _build --prefix="$prefix" --buildtype=debugoptimized
meson install -C _build --quiet >/dev/null

export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export GSETTINGS_SCHEMA_DIR="$prefix/share/glib-2.0/schemas"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$prefix/bin/gridwall" "$@"
fi

# No display (a server, a container): run it on a virtual screen for a while and
# save a screenshot, so the command still shows what the app looks like.
shot="$PWD/_build/demo-screenshot.png"
echo "demo: no display; running gridwall in Xvfb for ${GRIDWALL_DEMO_SECONDS:-20} s, screenshot in $shot"
xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- bash -c '
  "$0" "$@" &
  pid=$!
  sleep "${GRIDWALL_DEMO_SECONDS:-20}"
  import -window root "'"$shot"'"
  kill $pid; wait $pid 2>/dev/null; true' "$prefix/bin/gridwall" "$@"
echo "demo: $shot"
