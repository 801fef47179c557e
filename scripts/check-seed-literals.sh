#!/bin/sh
# Fails when the rules in src/ hold a literal of 6 or more Chinese
# characters found verbatim in the seed pages (../shared/seeds), or a test
# quotes a clause of them; see check-seed-literals.py and its reviewed
# allow-list, seed-literals-allowed.txt. Passes with a note when the seeds
# are not there.
set -eu
cd "$(dirname "$0")/.."
exec python3 scripts/check-seed-literals.py ../shared/seeds src tests
