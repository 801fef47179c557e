#!/bin/sh
# Regenerate fonts/NotoSansCJKsc-CountyLens.otf, the CJK font CountyLens
# bundles (see fonts/README.md). Idempotent: installs its inputs only when
# missing, and the same inputs give the same font bytes.
#
# Needs Debian/Ubuntu (apt-get) for the inputs; run as root or with sudo.
# Rerun after adding UI labels with new characters, new gazetteer names or
# sample records: tests/font_coverage.rs fails until you do.
set -eu

cd "$(dirname "$0")/.."

SRC_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
PY=/usr/bin/python3 # the system python, which python3-fonttools installs into

need=""
[ -f "$SRC_FONT" ] || need="$need fonts-noto-cjk"
if ! [ -x "$PY" ] || ! "$PY" -c 'import fontTools.subset' 2>/dev/null; then
    need="$need python3 python3-fonttools"
fi

if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    echo "installing:$need" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
fi

exec "$PY" scripts/make-font-subset.py "$@"
