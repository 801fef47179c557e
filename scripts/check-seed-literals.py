#!/usr/bin/env python3
"""Fails when the code holds a run of 6 or more Chinese characters that
also occurs verbatim in the seed pages (../shared/seeds), unless the run is
on the reviewed allow-list (scripts/seed-literals-allowed.txt: official
disease names and the like). Rules must be written for the language, not
shaped to one page; a long literal copied from a seed is the sign of one.

Tests (tests/*.rs and the test modules in src/) may quote common words
of the seeds but no sentence of them: there a string literal fails when 8
Chinese characters in a row of it (a clause, not a name or a stock term)
occur verbatim in a seed page.

    python3 scripts/check-seed-literals.py [SEEDS] [SRC] [TESTS]
"""
import os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
seeds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'shared', 'seeds')
src = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', 'src')
tests = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, '..', 'tests')
if not os.path.isdir(seeds):
    print(f"check-seed-literals: {seeds} is not there; nothing to check", file=sys.stderr)
    sys.exit(0)

def read(path):
    data = open(path, 'rb').read()
    for enc in ('utf-8-sig', 'gb18030', 'big5'):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode('utf-8', 'replace')

seed_text = '\n'.join(read(os.path.join(seeds, f)) for f in sorted(os.listdir(seeds)))
allowed = set()
allow_path = os.path.join(here, 'seed-literals-allowed.txt')
if os.path.exists(allow_path):
    for line in open(allow_path, encoding='utf-8'):
        line = line.split('#', 1)[0].split()[0] if line.split('#', 1)[0].strip() else ''
        if line:
            allowed.add(line)

HAN = re.compile(r'[\u4e00-\u9fff]{6,}')
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
TEST_RUN = 8
bad = []

def rust_files(root):
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith('.rs'):
                yield os.path.join(dirpath, name)

def check_rule(path, no, run):
    # Any 6-character window of the run found in a seed.
    hit = next((run[i:i + 6] for i in range(len(run) - 5)
                if run[i:i + 6] in seed_text), None)
    if hit:
        bad.append(f"{os.path.relpath(path)}:{no}: \"{run}\" (\"{hit}\" is in a seed page)")

def check_test(path, no, run):
    hit = next((run[i:i + TEST_RUN] for i in range(len(run) - TEST_RUN + 1)
                if run[i:i + TEST_RUN] in seed_text), None)
    if hit:
        bad.append(f"{os.path.relpath(path)}:{no}: \"{run}\" (\"{hit}\": a test quotes a seed page)")

def scan(path, whole_file_is_test):
    in_tests = whole_file_is_test
    for no, line in enumerate(open(path, encoding='utf-8'), 1):
        if line.strip().startswith('#[cfg(test)]'):
            in_tests = True  # test modules quote sentences of their own
        if line.lstrip().startswith('//'):
            continue
        for lit in STRING.findall(line):
            # An allowed term inside a literal is cut out, so the words
            # around it are checked on their own.
            for term in allowed:
                lit = lit.replace(term, '|')
            for run in HAN.findall(lit):
                (check_test if in_tests else check_rule)(path, no, run)

for path in rust_files(src):
    scan(path, False)
if os.path.isdir(tests):
    for path in rust_files(tests):
        scan(path, True)
for b in bad:
    print(b)
print(f"check-seed-literals: {len(bad)} literal(s) of 6+ Chinese characters found in the seed pages")
sys.exit(1 if bad else 0)
