#!/usr/bin/env bash
# Regenerates every held-out case (logs, alert.json, truth.json) from its seeded generator.
set -euo pipefail
cd "$(dirname "$0")"
for g in gen_*.py; do
  echo "== $g"
  python3 "$g"
done
echo "== baseline check"
python3 ../../eval-tools/baseline.py ../*/
