#!/usr/bin/env bash
# Regenerates and checks this set's cases; see ../../eval-tools/generate_set.sh. Pass --check to
# also prove the committed cases are exactly what the generators produce.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../../eval-tools/generate_set.sh" "$here/.." "$@"
