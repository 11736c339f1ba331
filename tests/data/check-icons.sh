#!/bin/sh
# Checks that each icon is well-formed SVG and renders at the sizes a desktop uses.
# Usage: check-icons.sh XMLLINT RSVG-CONVERT ICON.svg...
set -u
xmllint=$1
rsvg=$2
shift 2
for t in "$xmllint" "$rsvg"; do
  [ -x "$t" ] || { echo "FAIL: $t cannot be run (uninstalled since meson setup?)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for icon in "$@"; do
  bad=0
  if ! "$xmllint" --noout "$icon"; then
    echo "FAIL: $icon is not well-formed XML" >&2
    status=1
    continue
  fi
  root=$("$xmllint" --xpath 'concat(namespace-uri(/*), " ", local-name(/*))' "$icon" 2>/dev/null)
  if [ "$root" != "http://www.w3.org/2000/svg svg" ]; then
    echo "FAIL: $icon has root element '$root', expected <svg> in the SVG namespace" >&2
    status=1
    continue
  fi
  for size in 16 32 128; do
    png="$tmp/icon-$size.png"
    if ! "$rsvg" -w $size -h $size -o "$png" "$icon" || [ ! -s "$png" ]; then
      echo "FAIL: $icon does not render at ${size}x${size} with rsvg-convert" >&2
      bad=1
    fi
  done
  if [ $bad -eq 0 ]; then
    echo "ok: $icon"
  else
    status=1
  fi
done
exit $status
