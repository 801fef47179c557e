#!/bin/sh
# The real app's time to open and peak memory, under Xvfb:
#   (a) a folder holding one JSON Lines file of N records (default
#       1,000,000, about 470 MB), made the way benches/many_records.rs
#       makes its file, from the records of assets/sample.jsonl;
#   (b) a folder of P pages (default 10,000), made the way benches/open.rs
#       makes its pages, from ../shared/seeds; opened twice: cold (empty
#       cache) and warm (every page in the cache).
# Each run starts `countylens FOLDER --exit-after-load` with its own HOME
# and XDG folders (nothing of the person's is read or written), and prints
# what the app says when its chart is drawn (seconds to loaded, to the
# first records on show, VmHWM) and the wall time from start to exit.
#
#   scripts/measure-app-memory.sh [BINARY] [N] [P]
#
# With REVIEWS=K in the environment, the records folder also holds a
# review log of K actions (confirmations of records spread over the file
# and a page date), as a person who reviewed leaves it, and the records
# are written without a status (the sample's are reviewed), so the app's
# count of reviewed records is what the log did.
#
# BINARY defaults to $CARGO_TARGET_DIR/release/countylens (or
# target/release/countylens); build it with `cargo build --release`.
# Needs xvfb-run (scripts/install-test-deps.sh) and python3. The files are
# made in a temporary folder and removed at the end.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$here/target}/release/countylens}
n=${2:-1000000}
pages=${3:-10000}
[ -x "$bin" ] || { echo "measure-app-memory: no binary $bin" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "measure-app-memory: needs xvfb-run" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/records" "$work/pages" "$work/home"

python3 - "$here" "$work" "$n" "$pages" <<'EOF'
import json, os, re, sys
here, work, n, pages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
base = [json.loads(l) for l in open(os.path.join(here, "assets/sample.jsonl"), encoding="utf-8") if l.strip()]
reviews = int(os.environ.get("REVIEWS") or 0)
log = []
day = re.compile(r"^(\d{4}-\d\d-)(\d\d)$")
with open(os.path.join(work, "records/records.jsonl"), "w", encoding="utf-8") as w:
    for i in range(n):
        # As benches/many_records.rs: another page, day and figure per copy.
        r = dict(base[i % len(base)])
        r["source"] = "%03d/page-%05d.txt" % (i // 50000, i // 500)
        r["value"] = r["value"] + i // len(base)
        if reviews:
            # Unreviewed, so that the app's count of reviewed records is
            # the log's doing.
            r.pop("status", None)
        m = day.match(r.get("date", ""))
        if m:
            r["date"] = "%s%02d" % (m.group(1), (int(m.group(2)) + i % 20 - 1) % 28 + 1)
        w.write(json.dumps(r, ensure_ascii=False))
        w.write("\n")
        if reviews and i % max(1, n // reviews) == 0 and len(log) < reviews and "span" in r:
            key = {"source": r["source"], "span": r["span"], "value": r["value"], "unit": r["unit"]}
            log.append({"key": key, "change": "confirm"})
if reviews:
    log.append({"change": "set_page_date", "source": "000/page-00000.txt", "date": "2021-03-05"})
    with open(os.path.join(work, "records/countylens-review.jsonl"), "w", encoding="utf-8") as w:
        for i, a in enumerate(log):
            w.write(json.dumps(dict({"v": 1, "id": i + 1, "time": "2026-12-02T03:00:00Z"}, **a), ensure_ascii=False))
            w.write("\n")
seeds = os.path.join(here, "../shared/seeds")
texts = [open(os.path.join(seeds, f), encoding="utf-8", errors="replace").read()
         for f in sorted(os.listdir(seeds))] if os.path.isdir(seeds) else []
if not texts:
    texts = ["衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个。\n"]
for i in range(pages):
    # As benches/open.rs: the figures changed so no two pages are one text.
    sub = os.path.join(work, "pages", "%03d" % (i // 500))
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "p%05d.txt" % i), "w", encoding="utf-8") as f:
        f.write(texts[i % len(texts)].replace("3", str(i % 7 + 3)))
EOF
echo "made: $(du -sm "$work/records" | cut -f1) MB of records ($n), $pages pages ($(du -sm "$work/pages" | cut -f1) MB)"

run() {
    label=$1
    folder=$2
    start=$(date +%s.%N)
    HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data" \
        XDG_CONFIG_HOME="$work/home/config" \
        xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" "$folder" --exit-after-load \
        >"$work/out" 2>&1 || true
    end=$(date +%s.%N)
    said=$(grep '^countylens: loaded' "$work/out" || { cat "$work/out" >&2; echo "no report"; })
    printf '%s: %.1f s start to exit; %s\n' "$label" "$(awk "BEGIN{print $end - $start}")" "$said"
}

echo "load before: $(uptime | sed 's/.*load average/load average/')"
run "records ($n)" "$work/records"
run "pages ($pages), cold cache" "$work/pages"
run "pages ($pages), warm cache" "$work/pages"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
