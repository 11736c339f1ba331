#!/bin/sh
# Validates a desktop entry. desktop-file-validate exits 0 on warnings; we also fail on
# them, since they are about keys that are deprecated or mistyped.
# Usage: validate-desktop.sh DESKTOP-FILE-VALIDATE FILE
set -u
tool=$1
file=$2
for t in "$tool"; do
  [ -x "$t" ] || { echo "FAIL: $t cannot be run (uninstalled since meson setup?)" >&2; exit 1; }
done
out=$("$tool" "$file" 2>&1)
status=$?
[ -n "$out" ] && printf '%s\n' "$out"
if [ $status -ne 0 ] || printf '%s\n' "$out" | grep -q -e 'error:' -e 'warning:'; then
  echo "FAIL: $file is not a valid desktop entry (see above)" >&2
  exit 1
fi
echo "ok: $file"
