#!/usr/bin/env bash
# Installs the report template where the service reads it from:
# $REPORT_TMP_DIR/report-template.html (REPORT_TMP_DIR defaults to /tmp/report-service).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

REPORT_TMP_DIR="${REPORT_TMP_DIR:-/tmp/report-service}"
if [[ ! -f report-template.html ]]; then
  echo "install: deploy/report-template.html not present; nothing to install"
  exit 0
fi
mkdir -p "$REPORT_TMP_DIR"
cp report-template.html "$REPORT_TMP_DIR/report-template.html"
echo "install: template -> $REPORT_TMP_DIR/report-template.html"
