#!/bin/sh
# A CountyLens CSV through LibreOffice as a spreadsheet user would take it:
# CSV -> xlsx -> CSV, headless, then the Chinese text compared with the
# original. Checks that the BOM makes the file read as UTF-8. Not run in CI
# (it installs LibreOffice Calc through apt when it is missing).
#
#   sh scripts/csv-libreoffice-roundtrip.sh EXPORT.csv
set -eu
csv=${1:?usage: csv-libreoffice-roundtrip.sh FILE.csv}
if ! command -v soffice >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
tmp=$(mktemp -d)
cp "$csv" "$tmp/in.csv"
# No import filter options: LibreOffice must tell UTF-8 from the BOM alone,
# as a double-click would.
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --convert-to xlsx --outdir "$tmp" "$tmp/in.csv" >/dev/null 2>&1
# Back to CSV as UTF-8 (filter options: comma, quote, UTF-8).
mkdir "$tmp/back"
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$tmp/back" "$tmp/in.xlsx" >/dev/null 2>&1
python3 - "$tmp/in.csv" "$tmp/back/in.csv" <<'PY'
import csv, sys
def rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
han = lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)
cells = [(i, j, x) for i, r in enumerate(a) for j, x in enumerate(r) if han(x)]
bad = [(i, j, x, b[i][j] if i < len(b) and j < len(b[i]) else None)
       for i, j, x in cells if not (i < len(b) and j < len(b[i]) and b[i][j] == x)]
print(f"{len(a)} rows, {len(cells)} cells with Chinese, {len(bad)} changed after CSV -> xlsx -> CSV")
for i, j, x, y in bad[:10]:
    print(f"  row {i} col {j}: {x!r} -> {y!r}")
sys.exit(1 if bad or not cells else 0)
PY
status=$?
rm -rf "$tmp"
exit $status
