#!/bin/sh
# Installs the Debian/Ubuntu packages the tests need, without questions:
# - mesa-vulkan-drivers + libvulkan1: a software Vulkan (lavapipe) so the
#   egui_kittest snapshot and export tests can render with wgpu headless;
# - libegl1 + libgl1-mesa-dri: the GL fallback wgpu may pick;
# - xvfb + xauth: a virtual display for running the app itself (export-png);
# - libxkbcommon-x11-0, libxcursor1, libxi6, libx11-xcb1: what winit dlopens;
# - fonts are NOT needed: the app carries its own CJK font.
# Idempotent and quiet when everything is already there.
set -eu

PKGS="mesa-vulkan-drivers libvulkan1 libegl1 libgl1-mesa-dri xvfb xauth libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: not a Debian-like system; please install:$missing" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "install-test-deps: need root to install:$missing" >&2
        exit 1
    fi
fi

echo "install-test-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
