#!/usr/bin/env bash
# Builds Gridwall into _build-test and runs the whole test suite under Xvfb.
# Ends with a line "N passed, N failed". Extra arguments go to meson test
# (e.g. --suite core).
set -u
cd "$(dirname "$0")/.."
build-aux/install-deps.sh || exit 1

[ -f _build-test/build.ninja ] || meson setup _build-test --buildtype=debug >/dev/null || exit 1
meson compile -C _build-test || { echo "0 passed, 1 failed"; exit 1; }

# One virtual screen and one session bus for the whole run; a real display
# the developer happens to have is never used.
unset WAYLAND_DISPLAY
xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
  dbus-run-session -- meson test -C _build-test --print-errorlogs --num-processes 2 "$@"
rc=$?

python3 - _build-test/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
try:
    lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
except OSError:
    lines = []
for line in lines:
    result = json.loads(line).get('result')
    if result in ('OK', 'EXPECTEDFAIL'):
        passed += 1
    elif result == 'SKIP':
        skipped += 1
    else:
        failed += 1
tail = f", {skipped} skipped" if skipped else ""
print(f"{passed} passed, {failed} failed{tail}")
PY
[ $rc -eq 0 ] || exit $rc
[ -s _build-test/meson-logs/testlog.json ] || { echo "no test ran"; exit 1; }
