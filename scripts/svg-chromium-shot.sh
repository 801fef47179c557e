#!/bin/sh
# Screenshot of an SVG as a browser shows it, with headless Chromium: checks
# that a report's SVG opens outside CountyLens and its Chinese text renders.
# Not run in CI (it installs Chromium through apt when it is missing).
#
#   sh scripts/svg-chromium-shot.sh REPORT.svg [OUT.png]
#
# The window is the SVG's own width x height, so the shot shows the whole
# figure at 1:1.
set -eu
svg=${1:?usage: svg-chromium-shot.sh FILE.svg [OUT.png]}
out=${2:-${svg%.svg}.chromium.png}
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# Width and height from the root element (CountyLens writes them as numbers).
w=$(grep -o '<svg[^>]*' "$svg" | grep -o ' width="[0-9]*"' | head -1 | tr -dc 0-9)
h=$(grep -o '<svg[^>]*' "$svg" | grep -o ' height="[0-9]*"' | head -1 | tr -dc 0-9)
abs=$(cd "$(dirname "$svg")" && pwd)/$(basename "$svg")
# Chromium may refuse to write outside its own profile's reach: write to a
# temporary folder, then move.
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size="${w:-1600},${h:-900}" \
    --screenshot="$tmp/shot.png" "file://$abs" >/dev/null 2>&1
mv "$tmp/shot.png" "$out"
rm -rf "$tmp"
echo "wrote $out (${w}x${h})"
