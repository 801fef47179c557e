#!/usr/bin/env python3
"""Builds assets/gazetteer.tsv from the NBS division tables in ../shared.

One line per (code, name): `code<TAB>name<TAB>era`, era `b` when the name is
in both the 2020 and the 2023 snapshot, `n` for 2023 only and `o` for 2020
only. A code renamed between them (东风路街道 → 东风街道) gets two lines, so
pages from 2020-2022 resolve by their old names. Parents follow from the
codes (2, 4, 6, 9 digits), so they are not stored.

Usage: python3 scripts/build-gazetteer.py [../shared/data/admin-divisions] [assets/gazetteer.tsv]
"""
import csv, sys, os

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'admin-divisions')
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'assets', 'gazetteer.tsv')

def rows(folder):
    names = {}
    for f in ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']:
        with open(os.path.join(folder, f), encoding='utf-8') as fh:
            for r in csv.DictReader(fh):
                names[r['code']] = r['name'].strip()
    return names

new = rows(src)
old = rows(os.path.join(src, '2020'))
lines = set()
for code in set(new) | set(old):
    n, o = new.get(code), old.get(code)
    if n is not None and n == o:
        lines.add((code, n, 'b'))
    else:
        if n is not None:
            lines.add((code, n, 'n'))
        if o is not None:
            lines.add((code, o, 'o'))
with open(out, 'w', encoding='utf-8', newline='\n') as fh:
    fh.write('# Chinese administrative divisions, NBS statistical codes 2020 and 2023.\n')
    fh.write('# Built by scripts/build-gazetteer.py from modood/Administrative-divisions-of-China (WTFPL, see gazetteer-LICENSE).\n')
    for code, name, era in sorted(lines, key=lambda l: (len(l[0]), l[0], l[2])):
        fh.write(f'{code}\t{name}\t{era}\n')
print(f'{out}: {len(lines)} names')
