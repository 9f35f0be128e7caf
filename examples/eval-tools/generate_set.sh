#!/usr/bin/env bash
# Regenerates every case of one eval set (logs, alert.json, truth.json) from its seeded
# generators in <set>/_generators/gen_*.py, recomputes each case's naive frequency baseline with
# baseline.py (fails on a mismatch) and runs the format validator. With --check it then fails if
# the regenerated files differ from git HEAD: proof that the committed cases are exactly what the
# generators produce.
# Usage: generate_set.sh <set-dir> [--check]
set -euo pipefail
tools="$(cd "$(dirname "$0")" && pwd)"
set_dir="$(cd "${1:?usage: generate_set.sh <set-dir> [--check]}" && pwd)"
cd "$set_dir/_generators"
for g in gen_*.py; do
  echo "== $g"
  python3 "$g"
done
echo "== baseline check"
out=$(python3 "$tools/baseline.py" ../*/)
echo "$out"
if grep -q MISMATCH <<<"$out"; then
  echo "baseline mismatch" >&2
  exit 1
fi
echo "== format check"
python3 "$tools/validate.py" ..
if [[ "${2:-}" == "--check" ]]; then
  echo "== determinism check (git diff against HEAD)"
  # an "a && b" list failing in its first command does not stop a set -e script: test it
  if ! git diff --exit-code --stat -- .. || git status --porcelain -- .. | grep .; then
    echo "regenerated cases differ from the committed ones (or files are uncommitted)" >&2
    exit 1
  fi
  echo "regenerated cases are identical to the committed ones"
fi
