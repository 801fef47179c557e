#!/bin/sh
# Scores the extractor on our own nationwide test pages (tests/pages, gold in
# tests/pages-gold; see tests/pages/README.md) with the shared scorer. It
# prints the scores and fails below the floors at the end.
#
# PAGES_RECORDS=FILE scores an existing records file instead of running the
# extractor (handy when the binary is built some other way).
set -eu
cd "$(dirname "$0")/.."
SHARED=../shared
if [ ! -f "$SHARED/eval/score.py" ]; then
    echo "check-pages: $SHARED/eval/score.py is not there; nothing to score" >&2
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -n "${PAGES_RECORDS:-}" ]; then
    cp "$PAGES_RECORDS" "$out/records.jsonl"
else
    cargo run --locked --quiet -- extract tests/pages -o "$out/records.jsonl" 2> "$out/summary.txt"
fi
# The scorer finds a source's text by its file name in one folder and reads it
# as UTF-8, while our pages sit in subfolders (the folder names are part of
# the test) and some are GBK or Big5. So give it a flat folder of UTF-8 copies.
python3 - tests/pages "$out/texts" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
seen = {}
COMMON = "的，。县縣人在"
for root, _, files in os.walk(src):
    for name in files:
        if not name.lower().endswith((".txt", ".html", ".htm")):
            continue
        path = os.path.join(root, name)
        if name in seen:
            sys.exit(f"check-pages: two pages named {name}: {seen[name]} and {path}")
        seen[name] = path
        data = open(path, "rb").read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # GB18030 decodes most Big5 bytes too, into nonsense: keep the
            # decoding that reads as ordinary Chinese
            best = None
            for enc in ("gb18030", "big5"):
                try:
                    t = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                score = sum(t.count(c) for c in COMMON)
                if best is None or score > best[0]:
                    best = (score, t)
            text = best[1] if best else data.decode("utf-8", "replace")
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write(text)
PY
python3 "$SHARED/eval/score.py" "$out/records.jsonl" tests/pages-gold --texts "$out/texts" --misses --wrong
# Floors, so what was won is kept: issue 6 asks 0.95 for precision, recall,
# county and date and 0.90 for series and cell.
python3 "$SHARED/eval/score.py" "$out/records.jsonl" tests/pages-gold --texts "$out/texts" --json > "$out/score.json"
python3 - "$out/score.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
floors = {"precision": 0.95, "recall": 0.95, "locality_acc": 0.95, "date_acc": 0.95,
          "series_acc": 0.90, "cell_acc": 0.90}
bad = [f"{k} {s.get(k)} < {v}" for k, v in floors.items() if (s.get(k) or 0) < v]
print("own pages:", "floors met" if not bad else "BELOW FLOOR: " + "; ".join(bad))
sys.exit(1 if bad else 0)
PY
