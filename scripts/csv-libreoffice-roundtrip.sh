#!/bin/sh
# A CountyLens CSV through LibreOffice as a spreadsheet user would take it:
# CSV -> xlsx -> CSV, headless, then the Chinese text (and the first header,
# which a BOM read as text would spoil) compared with the original. Not run
# in CI (it installs LibreOffice Calc through apt when it is missing).
#
# The import says UTF-8 explicitly, as the Text Import dialog does when
# "Unicode (UTF-8)" is picked: LibreOffice 7.4's headless import ignores the
# BOM and reads the system's legacy code page (Excel honours the BOM). The
# script also reports, without failing, what that default import makes of it.
#
#   sh scripts/csv-libreoffice-roundtrip.sh EXPORT.csv
set -eu
csv=${1:?usage: csv-libreoffice-roundtrip.sh FILE.csv}
if ! command -v soffice >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
tmp=$(mktemp -d)
cp "$csv" "$tmp/in.csv"
# Comma, double quote, UTF-8 (76), first line 1.
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --infilter='CSV:44,34,76,1' \
    --convert-to xlsx --outdir "$tmp" "$tmp/in.csv" >/dev/null 2>&1
# The default import, for the record.
mkdir "$tmp/default"
cp "$tmp/in.csv" "$tmp/default/in.csv"
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$tmp/default/out" "$tmp/default/in.csv" >/dev/null 2>&1 || true
# Back to CSV as UTF-8 (filter options: comma, quote, UTF-8).
mkdir "$tmp/back"
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$tmp/back" "$tmp/in.xlsx" >/dev/null 2>&1
status=0
python3 - "$tmp/in.csv" "$tmp/back/in.csv" "$tmp/default/out/in.csv" <<'PY' || status=$?
import csv, os, sys
def rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
han = lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)
cells = [(i, j, x) for i, r in enumerate(a) for j, x in enumerate(r) if han(x)]
bad = [(i, j, x, b[i][j] if i < len(b) and j < len(b[i]) else None)
       for i, j, x in cells if not (i < len(b) and j < len(b[i]) and b[i][j] == x)]
if a and b and a[0][0] != b[0][0]:
    bad.append((0, 0, a[0][0], b[0][0]))
print(f"{len(a)} rows, {len(cells)} cells with Chinese, {len(bad)} changed after CSV -> xlsx -> CSV (UTF-8 import)")
if os.path.exists(sys.argv[3]):
    d = rows(sys.argv[3])
    same = sum(1 for i, j, x in cells if i < len(d) and j < len(d[i]) and d[i][j] == x)
    print(f"default import (no charset given): {same} of {len(cells)} Chinese cells intact")
for i, j, x, y in bad[:10]:
    print(f"  row {i} col {j}: {x!r} -> {y!r}")
sys.exit(1 if bad or not cells else 0)
PY
rm -rf "$tmp"
exit $status
