#!/bin/sh
# Checks the Flatpak manifest without building it (no runtime is reachable here):
# - it is valid JSON;
# - its id (or app-id) and command are the expected ones;
# - finish-args grant what the app needs and nothing STYLE.md forbids
#   (--filesystem=host*, --socket=x11);
# - every git source is pinned to a commit;
# - every local path it references (dir, file, patch, archive sources, and modules
#   included from other files) exists relative to the manifest.
# Usage: check-manifest.sh JQ MANIFEST APP-ID COMMAND
set -u
jq=$1
manifest=$2
app_id=$3
command=$4
for t in "$jq"; do
  [ -x "$t" ] || { echo "FAIL: $t cannot be run (uninstalled since meson setup?)" >&2; exit 1; }
done
base=$(dirname "$manifest")
status=0

fail ()
{
  echo "FAIL: $manifest: $*" >&2
  status=1
}

if ! "$jq" -e 'type == "object"' "$manifest" >/dev/null; then
  echo "FAIL: $manifest is not a JSON object (see the jq error above)" >&2
  exit 1
fi

id=$("$jq" -r '[.id, .["app-id"]] | map(select(. != null)) | unique | join(" ")' "$manifest")
[ "$id" = "$app_id" ] || fail "id/app-id is '$id', expected '$app_id'"

cmd=$("$jq" -r '.command // ""' "$manifest")
[ "$cmd" = "$command" ] || fail "command is '$cmd', expected '$command'"

args=$("$jq" -r '.["finish-args"] // [] | .[]' "$manifest")
for arg in $args; do
  case "$arg" in
    --filesystem=host*|--socket=x11)
      fail "finish-arg $arg is forbidden (STYLE.md)" ;;
  esac
done
for needed in --share=network --share=ipc --socket=fallback-x11 --socket=wayland --device=dri; do
  printf '%s\n' "$args" | grep -qx -e "$needed" || fail "finish-arg $needed is missing"
done

# Modules may nest, and a module or a source may be a string naming a file to include.
modules='[.. | objects | select(has("modules")) | .modules[]]'
unpinned=$("$jq" -r "$modules | map(objects) | .[] | .name as \$m | (.sources // [])[]
                     | objects | select(.type == \"git\" and (.path == null)
                                        and ((.commit // \"\") | test(\"^[0-9a-f]{40}\$\") | not))
                     | \$m" "$manifest")
for m in $unpinned; do
  fail "module $m: git source is not pinned to a 40-hex commit"
done

paths=$("$jq" -r "($modules | .[] | strings | \"file \" + .),
                  ($modules | .[] | objects | (.sources // [])[]
                   | if type == \"string\" then \"file \" + .
                     else (if .type == \"dir\" then \"dir \" else \"file \" end) as \$kind
                          | (.path // empty | \$kind + .), (.paths // [] | .[] | \"file \" + .)
                     end)" "$manifest")
n=0
while read -r kind path; do
  [ -n "$path" ] || continue
  n=$((n + 1))
  case "$path" in
    /*) fail "local path '$path' is absolute; make it relative to the manifest"; continue ;;
  esac
  if [ "$kind" = dir ]; then
    [ -d "$base/$path" ] || fail "dir source '$path' does not exist relative to $base"
  else
    [ -f "$base/$path" ] || fail "file '$path' does not exist relative to $base"
  fi
done <<PATHS
$paths
PATHS

[ $status -eq 0 ] && echo "ok: $manifest ($n local paths checked)"
exit $status
