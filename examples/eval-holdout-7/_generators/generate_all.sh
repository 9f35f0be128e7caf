#!/usr/bin/env bash
# Regenerates every eval-holdout-7 case (logs, alert.json, truth.json) from its seeded generator,
# recomputes each case's naive frequency baseline with baseline.py (fails on a mismatch) and runs
# the format validator. With --check it then fails if the regenerated files differ from git HEAD
# (proof that the committed cases are exactly what the generators produce).
set -euo pipefail
cd "$(dirname "$0")"
for g in gen_*.py; do
  echo "== $g"
  python3 "$g"
done
echo "== baseline check"
out=$(python3 ../../eval-tools/baseline.py ../*/)
echo "$out"
if grep -q MISMATCH <<<"$out"; then
  echo "baseline mismatch" >&2
  exit 1
fi
echo "== format check"
python3 ../../eval-tools/validate.py ..
if [[ "${1:-}" == "--check" ]]; then
  echo "== determinism check (git diff against HEAD)"
  git diff --exit-code --stat -- .. && git status --porcelain -- .. | (! grep .)
  echo "regenerated cases are identical to the committed ones"
fi
