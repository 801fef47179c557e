#!/usr/bin/env python3
"""Subset Noto Sans CJK SC into the font CountyLens bundles.

Run through scripts/make-font-subset.sh, which installs the inputs
(Debian fonts-noto-cjk and python3-fonttools) and calls this with the
system python. Usage:

    make-font-subset.py [--source NotoSansCJK-Regular.ttc] [--out fonts/...otf]

The character set is:
  * all of GB2312 (enumerated through Python's 'gb2312' codec),
  * the frequently used characters of Big5 (A440-C67E, 5,401 characters):
    the extractor reads traditional-character pages, and their evidence is
    shown as written,
  * ASCII, Latin-1 Supplement, General Punctuation, CJK Symbols and
    Punctuation, Fullwidth/Halfwidth Forms,
  * every character of assets/gazetteer.tsv and assets/*.jsonl,
  * every non-ASCII character of src/**/*.rs (UI labels, and comments: a
    superset is harmless),
  * every character of ../shared/seeds/* when that folder exists (only the
    set of characters goes into the font, never any text).

The outlines stay CFF: egui 0.37 reads fonts with skrifa, which draws CFF
as well as glyf outlines, and CFF with subroutines is smaller for CJK.
Hinting is dropped (egui draws unhinted, or auto-hints), as are the
vertical-layout tables egui never reads. The output is deterministic: the
head.modified timestamp is copied from the source, not set to "now", so
running this twice on the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTCollection

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_OUT = os.path.join(REPO, "fonts", "NotoSansCJKsc-CountyLens.otf")
FACE_INDEX = 2  # "Noto Sans CJK SC" in the Regular .ttc
EXPECTED_FAMILY = "Noto Sans CJK SC"

RANGES = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 Supplement (punctuation, ×, ÷, °, ·, …)
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312_chars() -> set[str]:
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def read_text(path: str) -> str:
    data = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", errors="ignore")


def wanted(c: str) -> bool:
    """Characters that need a glyph: not controls, not invisible format marks."""
    return unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp")


def big5_common_chars() -> set[str]:
    out = set()
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if (hi, lo) > (0xC6, 0x7E):
                break
            try:
                out.add(bytes([hi, lo]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return out


def collect(seeds_dir: str) -> tuple[set[str], dict[str, int]]:
    chars: set[str] = set()
    stats: dict[str, int] = {}

    def add(label: str, cs) -> None:
        cs = {c for c in cs if wanted(c)}
        stats[label] = len(cs)
        chars.update(cs)

    add("gb2312", gb2312_chars())
    add("big5", big5_common_chars())
    add("ranges", (chr(cp) for lo, hi in RANGES for cp in range(lo, hi + 1)))

    gaz = os.path.join(REPO, "assets", "gazetteer.tsv")
    add("gazetteer", read_text(gaz) if os.path.exists(gaz) else "")

    jsonl = set()
    for p in sorted(glob.glob(os.path.join(REPO, "assets", "*.jsonl"))):
        jsonl.update(read_text(p))
    add("assets/*.jsonl", jsonl)

    src = set()
    for p in sorted(glob.glob(os.path.join(REPO, "src", "**", "*.rs"), recursive=True)):
        src.update(c for c in read_text(p) if ord(c) > 0x7F)
    add("src non-ASCII", src)

    seeds = set()
    if os.path.isdir(seeds_dir):
        for p in sorted(glob.glob(os.path.join(seeds_dir, "*"))):
            if os.path.isfile(p):
                seeds.update(read_text(p))
        add("seeds", seeds)
    else:
        print(f"note: {seeds_dir} absent, seeds not included", file=sys.stderr)
    return chars, stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seeds", default=os.path.join(os.path.dirname(REPO), "shared", "seeds"))
    args = ap.parse_args()

    chars, stats = collect(args.seeds)

    font = TTCollection(args.source, lazy=False).fonts[FACE_INDEX]
    family = font["name"].getDebugName(1)
    if family != EXPECTED_FAMILY:
        print(f"error: face {FACE_INDEX} of {args.source} is {family!r}, "
              f"expected {EXPECTED_FAMILY!r}", file=sys.stderr)
        return 1
    cmap = font.getBestCmap()
    modified = font["head"].modified

    unicodes = sorted(ord(c) for c in chars)
    missing = [cp for cp in unicodes if cp not in cmap]
    # The non-CJK ranges are "take what the font has"; only report real text.
    text_missing = [cp for cp in missing
                    if not any(lo <= cp <= hi for lo, hi in RANGES)]

    opts = subset.Options()
    opts.hinting = False
    opts.desubroutinize = False
    opts.drop_tables += ["vhea", "vmtx", "VORG", "BASE", "DSIG"]
    # The features a shaper applies by default to horizontal text (fontTools'
    # list: ccmp, kern, liga, mark, ...), but not 'locl': egui sets no
    # language when it shapes, so the SC face's default glyphs are the ones
    # drawn, and locl's JP/KR/TC forms (plus fwid/jp78/... alternates) would
    # almost double the size. Nor the vertical-writing features: egui lays
    # text out horizontally only.
    unused = {"locl", "vert", "vrt2", "vkrn", "vpal", "valt", "vhal", "vjmo"}
    opts.layout_features = [f for f in subset.Options().layout_features if f not in unused]
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False

    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    font["head"].modified = modified
    font.recalcTimestamp = False

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    font.save(tmp)
    os.replace(tmp, args.out)

    covered = len(font.getBestCmap())
    size = os.path.getsize(args.out)
    for k, v in stats.items():
        print(f"  {k:16} {v:6} chars")
    print(f"requested {len(unicodes)} chars, font maps {covered} code points, "
          f"{len(font.getGlyphOrder())} glyphs")
    print(f"wrote {os.path.relpath(args.out, REPO)}: {size} bytes ({size / 1024 / 1024:.2f} MiB)")
    if text_missing:
        print("warning: not in the source font: "
              + " ".join(f"U+{cp:04X}({chr(cp)})" for cp in text_missing), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
