#!/usr/bin/env python3
"""Makes assets/sample.jsonl, the bundled sample, from the seed pages.

    cargo run --release -- extract ../shared/seeds | python3 scripts/make-sample.py

The extractor's records are read against their sentences by a person; the
decisions are in assets/sample-review.tsv (reject, or correct fields:
`measure=other`, `series=other.other`, `part_of=true`, `tally=-` to drop
one, `locality_path=["湖南省", …]` as JSON), and every other record is kept as `confirmed`. A record whose series
is not of its measure stops the script: a corrected measure needs its
series corrected too. Evidence is cut to a short clause
around the figure (at most 30 characters) so that the sample carries facts
and figures, not the pages' text; the span is moved to match.
"""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
review_path = os.path.join(here, '..', 'assets', 'sample-review.tsv')
seeds = os.path.join(here, '..', '..', 'shared', 'seeds')
out_path = os.path.join(here, '..', 'assets', 'sample.jsonl')

decisions = {}
for line in open(review_path, encoding='utf-8'):
    line = line.split('#', 1)[0].rstrip()
    if not line.strip():
        continue
    src, value, unit, action, *changes = line.split('\t')
    decisions[(src, float(value), unit)] = (action, dict(c.split('=', 1) for c in changes if c))

def short_evidence(rec):
    """The figure with a few characters either side, never more than 30."""
    ev, span = rec.get('evidence', ''), rec.get('span')
    text = open(os.path.join(seeds, rec['source']), encoding='utf-8-sig').read() if span else None
    if not span or len(ev) <= 30:
        return
    a, b = span
    piece = text[a:b]
    # Centre on the first digit of the value.
    digits = [i for i, c in enumerate(piece) if c.isdigit() or c in '十百千万两']
    centre = digits[0] if digits else 0
    start = max(0, centre - 14)
    end = min(len(piece), start + 30)
    rec['span'] = [a + start, a + end]
    rec['evidence'] = ' '.join(piece[start:end].split())

kept = []
used = set()
mismatched = []
for line in sys.stdin:
    rec = json.loads(line)
    key = (rec['source'][:3], float(rec['value']), rec['unit'])
    action, changes = decisions.get(key, ('confirm', {}))
    used.add(key)
    if action == 'reject':
        continue
    for field, value in changes.items():
        if value == '-':
            rec.pop(field, None)  # `tally=-`: the text does not say
        else:
            # A list (locality_path) is written as JSON; other values as text.
            rec[field] = json.loads(value) if value.startswith('[') else {'true': True, 'false': False}.get(value, value)
    # A corrected measure needs its series corrected too: a series belongs
    # to one measure (series.md).
    series = rec.get('series')
    if series and series.split('.', 1)[0] != rec['measure']:
        mismatched.append(f"{key}: series {series} is not of measure {rec['measure']}")
    rec['status'] = 'corrected' if action == 'correct' else 'confirmed'
    short_evidence(rec)
    kept.append(rec)
if mismatched:
    sys.exit('records whose series and measure disagree (add series= to the review):\n' + '\n'.join(mismatched))
unused = [k for k in decisions if k not in used]
if unused:
    sys.exit(f'review lines that match no record (the extractor changed?): {unused}')
with open(out_path, 'w', encoding='utf-8') as fh:
    for rec in kept:
        fh.write(json.dumps(rec, ensure_ascii=False) + '\n')
print(f'{out_path}: {len(kept)} records', file=sys.stderr)
