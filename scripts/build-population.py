#!/usr/bin/env python3
"""Makes assets/population.tsv from the 2020 census extract of the shared
data (../shared/data/admin-divisions/population/census2020_county.csv):
one `code<TAB>level<TAB>name<TAB>residents` line per coded province, city
and county. Source, licence and caveats: assets/population-LICENSE.

    python3 scripts/build-population.py
"""
import csv, os

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, '..', '..', 'shared', 'data', 'admin-divisions', 'population', 'census2020_county.csv')
out = os.path.join(here, '..', 'assets', 'population.tsv')
rows = []
for r in csv.DictReader(open(src, encoding='utf-8')):
    if not r['code'] or r['level'] == 'national' or not r['pop_total']:
        continue
    name = r['county'] if r['level'] == 'county' else (r['city'] if r['level'] == 'city' else r['province'])
    rows.append((r['code'], r['level'], name, int(float(r['pop_total']))))
with open(out, 'w', encoding='utf-8') as f:
    f.write('# code\tlevel\tname\tresidents (7th census, 2020; see population-LICENSE)\n')
    for row in sorted(rows):
        f.write('\t'.join(map(str, row)) + '\n')
print(f"{len(rows)} rows → {out}")
