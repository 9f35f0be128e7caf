#!/usr/bin/env bash
# Regenerates every eval-holdout-2 case (logs, alert.json, truth.json) from its seeded generator,
# then recomputes each case's naive frequency baseline with baseline.py and fails on a mismatch.
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
