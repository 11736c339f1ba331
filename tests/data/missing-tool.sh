#!/bin/sh
# Stands in for a validator that meson did not find, so that its test fails loudly
# instead of being skipped. Usage: missing-tool.sh TOOL PACKAGE
echo "FAIL: '$1' was not found when the build was configured; install the Debian package" \
     "'$2' and run 'meson setup --reconfigure' on this build directory." >&2
exit 1
