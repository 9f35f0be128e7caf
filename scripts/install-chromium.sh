#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the Web UI browser tests, unless a matching pair is there.
# Prints one line on stdout: "chromium <version> chromedriver <version>"; apt's output goes to stderr.
# Exit 3: not root and no password-less sudo, so nothing could be installed.
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium
readonly CHROMEDRIVER=/usr/bin/chromedriver
readonly PACKAGES=(chromium chromium-driver)
readonly LOCK_FILE=/tmp/selfheal-install-chromium.lock

# First dotted number in a --version line, e.g. "Chromium 156.0.8078.79 built on Debian" -> 156.0.8078.79
version_of() {
  "$1" --version 2>/dev/null | sed -nE '1s/^[^0-9]*([0-9]+(\.[0-9]+)+).*$/\1/p'
}

# Succeeds, printing the versions line, when both binaries run and share a major version.
report_matching_pair() {
  [[ -x $CHROMIUM && -x $CHROMEDRIVER ]] || return 1
  local browser driver
  browser=$(version_of "$CHROMIUM") || return 1
  driver=$(version_of "$CHROMEDRIVER") || return 1
  [[ -n $browser && ${browser%%.*} == "${driver%%.*}" ]] || return 1
  echo "chromium $browser chromedriver $driver"
}

if report_matching_pair; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-chromium: need root to install ${PACKAGES[*]}; run as root:" >&2
  echo "  apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
  exit 3
fi

# apt holds its own lock but fails instead of waiting; this lock makes concurrent callers queue up.
exec 9>"$LOCK_FILE"
flock -w 1200 9 || { echo "install-chromium: gave up waiting for $LOCK_FILE" >&2; exit 1; }

# Another caller may have installed the pair while this one waited for the lock.
if report_matching_pair; then
  exit 0
fi

apt_get() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >&2
}

# Stale package lists make the install fail on a vanished version; only then refresh them.
if ! apt_get install -y --no-install-recommends "${PACKAGES[@]}"; then
  echo "install-chromium: install failed, refreshing package lists and retrying" >&2
  apt_get update
  apt_get install -y --no-install-recommends "${PACKAGES[@]}"
fi

if ! report_matching_pair; then
  echo "install-chromium: after install, $CHROMIUM and $CHROMEDRIVER do not both run with one major version:" >&2
  echo "  chromium: $(version_of "$CHROMIUM" || echo 'does not run')" >&2
  echo "  chromedriver: $(version_of "$CHROMEDRIVER" || echo 'does not run')" >&2
  exit 1
fi
