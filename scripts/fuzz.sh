#!/bin/sh
# Fuzzes one target of fuzz/ (cargo-fuzz, libFuzzer) for a fixed time, one
# process:
#   scripts/fuzz.sh [TARGET] [SECONDS] [LIBFUZZER-ARGS...]
# TARGET is a file name of fuzz/fuzz_targets/ without .rs (extract_bytes,
# the default, decode, records); SECONDS defaults to 600. Any further
# arguments go to libFuzzer as they are (e.g. -print_final_stats=1).
# The corpus is fuzz/corpus/TARGET, seeded from ../shared/seeds when that
# folder is there (and from the bundled sample for records); crashes land in fuzz/artifacts/TARGET (both git-ignored).
# cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 lets stable rustc pass.
set -eu
cd "$(dirname "$0")/.."

TARGET=${1:-extract_bytes}
SECS=${2:-600}
if [ $# -gt 0 ]; then shift; fi
if [ $# -gt 0 ]; then shift; fi

if [ ! -f "fuzz/fuzz_targets/$TARGET.rs" ]; then
    echo "fuzz: no target '$TARGET'; one of:" \
        $(cd fuzz/fuzz_targets && ls *.rs | sed 's/\.rs$//') >&2
    exit 2
fi
case $SECS in
    '' | *[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$SECS'" >&2; exit 2 ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

CORPUS=fuzz/corpus/$TARGET
mkdir -p "$CORPUS"
SEEDS=../shared/seeds
if [ -d "$SEEDS" ]; then
    for f in "$SEEDS"/*; do
        [ -f "$f" ] || continue
        dst=$CORPUS/$(basename "$f")
        cmp -s "$f" "$dst" 2>/dev/null && continue
        rm -f "$dst"
        cp "$f" "$dst"
        chmod u+w "$dst"   # the seeds are read-only; the corpus copy need not be
    done
fi

# The HTML path gets deeply nested pages to start from: nesting is where a
# recursive walk would overflow the stack, and the parser's scope checks
# cost time in proportion to the depth.
if [ "$TARGET" = decode ] || [ "$TARGET" = extract_bytes ]; then
    for depth in 100 5000 30000; do
        f=$CORPUS/nested-$depth.html
        [ -f "$f" ] && continue
        python3 -c "import sys; d=int(sys.argv[1]); print('<html><body>' + '<div><span>'*d + '排查返乡人员300人。' + '</span></div>'*d + '</body></html>')" "$depth" > "$f"
    done
fi

# The records reader wants records to start from: a few lines of the
# bundled sample (news pages alone barely reach its code).
if [ "$TARGET" = records ] && [ ! -f "$CORPUS/sample-head.jsonl" ]; then
    head -n 5 assets/sample.jsonl > "$CORPUS/sample-head.jsonl"
fi

RUSTC_BOOTSTRAP=1 exec cargo fuzz run "$TARGET" "$CORPUS" -- -max_total_time="$SECS" "$@"
