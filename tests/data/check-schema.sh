#!/bin/sh
# Checks the schema compiled into the build directory, as the app and its tests load it
# (GSETTINGS_SCHEMA_DIR=<builddir>/data): every key the app reads is there with its
# default, and role-layout accepts exactly auto, wall and dispatch.
# Usage: check-schema.sh GSETTINGS SCHEMA-DIR SCHEMA-ID
set -u
gsettings=$1
export GSETTINGS_SCHEMA_DIR=$2
export GSETTINGS_BACKEND=memory
schema=$3
for t in "$gsettings"; do
  [ -x "$t" ] || { echo "FAIL: $t cannot be run (uninstalled since meson setup?)" >&2; exit 1; }
done
status=0

expect ()
{
  got=$("$gsettings" get "$schema" "$1" 2>&1)
  if [ "$got" != "$2" ]; then
    echo "FAIL: key $1: expected default $2, got: $got" >&2
    status=1
  fi
}

expect center-url "''"
expect token-file "''"
expect ca-file "''"
expect role-layout "'auto'"
expect window-width 1280
expect window-height 800
expect window-maximized false

range=$("$gsettings" range "$schema" role-layout 2>&1 | tr '\n' ' ')
if [ "$range" != "enum 'auto' 'wall' 'dispatch' " ]; then
  echo "FAIL: role-layout choices: expected auto, wall, dispatch; got: $range" >&2
  status=1
fi
if "$gsettings" set "$schema" role-layout bogus 2>/dev/null; then
  echo "FAIL: role-layout accepted a value outside its choices" >&2
  status=1
fi
[ $status -eq 0 ] && echo "ok: $schema in $GSETTINGS_SCHEMA_DIR"
exit $status
