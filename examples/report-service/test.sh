#!/usr/bin/env bash
# The service's test command: build, compile src/test/java, run every *Test class.
# Like a deploy, it installs deploy/report-template.html (into a private temp dir).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

./build.sh

rm -rf build/test-classes
mkdir -p build/test-classes
find src/test/java -name '*.java' > build/test-sources.txt
javac --release 17 -encoding UTF-8 -cp build/classes -d build/test-classes @build/test-sources.txt
if [[ -d src/test/resources ]]; then
  cp -R src/test/resources/. build/test-classes/
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/report-service-test.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if [[ -f deploy/install.sh ]]; then
  REPORT_TMP_DIR="$tmp" bash deploy/install.sh >/dev/null
fi

java -Dreport.template.path="$tmp/report-template.html" \
  -cp build/classes:build/test-classes \
  dev.selfheal.example.report.testkit.TestRunner build/test-classes
