#!/bin/sh
# Validates AppStream metainfo offline. With AppStream 0.x (Debian 12) we use --strict,
# which fails on everything above pedantic. AppStream 1.x reports <developer_name> as
# deprecated (an info), but 0.x does not know its replacement <developer>; there we fail
# on errors and warnings only, and the infos are printed.
# Usage: validate-metainfo.sh APPSTREAMCLI FILE
set -u
tool=$1
file=$2
for t in "$tool"; do
  [ -x "$t" ] || { echo "FAIL: $t cannot be run (uninstalled since meson setup?)" >&2; exit 1; }
done
version=$("$tool" --version 2>/dev/null | sed -n 's/^AppStream[^0-9]*\([0-9][0-9]*\)\..*/\1/p' | head -n 1)
case "$version" in
  0) strict=--strict ;;
  *) strict= ;;
esac
if ! "$tool" validate --no-net $strict --explain "$file"; then
  echo "FAIL: $file does not pass 'appstreamcli validate --no-net $strict'" >&2
  exit 1
fi
