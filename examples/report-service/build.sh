#!/usr/bin/env bash
# Compiles src/main/java into build/classes and copies src/main/resources next to the classes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

rm -rf build/classes
mkdir -p build/classes
find src/main/java -name '*.java' > build/main-sources.txt
javac --release 17 -encoding UTF-8 -d build/classes @build/main-sources.txt
if [[ -d src/main/resources ]]; then
  cp -R src/main/resources/. build/classes/
fi
echo "build: $(wc -l < build/main-sources.txt | tr -d ' ') sources -> build/classes"
