#!/usr/bin/env bash
# Installs what Gridwall needs to build, run and test on Debian 12, if it is missing.
# Safe to run again: it does nothing when everything is there.
set -eu

packages=(
  # build
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libshumate-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev libgeos-dev libgsound-dev
  # run: a CJK font so Chinese never shows as boxes, and a session bus
  fonts-noto-cjk dbus sound-theme-freedesktop
  # test: a display, real input, validators, screenshots, certificates
  xvfb xauth xdotool desktop-file-utils appstream libxml2-utils librsvg2-bin jq
  imagemagick openssl sqlite3 valgrind poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
