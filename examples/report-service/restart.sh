#!/usr/bin/env bash
# Restarts the built service without building or installing anything: stops the process in the
# pid file, starts build/classes in the background, and waits until /health answers or the new
# process dies (a crash at start fails at once instead of after the timeout).
#   PORT, RUN_DIR       required, as for deploy.sh
#   REPORT_TMP_DIR      optional; where the template is read from (default /tmp/report-service)
#   START_TIMEOUT_S     optional; how long to wait for /health (default 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

: "${PORT:?PORT is required}"
: "${RUN_DIR:?RUN_DIR is required}"
export PORT
export REPORT_TMP_DIR="${REPORT_TMP_DIR:-/tmp/report-service}"
mkdir -p "$RUN_DIR/logs"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
export RUN_DIR
timeout_s="${START_TIMEOUT_S:-20}"

if [[ ! -d build/classes ]]; then
  echo "restart: build/classes is missing; deploy first (./deploy.sh)" >&2
  exit 1
fi

./stop.sh
nohup java -Dreport.template.path="$REPORT_TMP_DIR/report-template.html" \
  -cp "$PWD/build/classes" dev.selfheal.example.report.ReportService \
  </dev/null >>"$RUN_DIR/logs/stdout.log" 2>&1 &
pid=$!
echo "$pid" > "$RUN_DIR/report-service.pid"

java -cp build/classes dev.selfheal.example.report.HealthProbe \
  "http://127.0.0.1:$PORT/health" "$timeout_s" --any-status >/dev/null &
probe=$!
while kill -0 "$probe" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    kill "$probe" 2>/dev/null || true
    echo "restart: pid $pid exited during start; last output:" >&2
    tail -n 20 "$RUN_DIR/logs/stdout.log" >&2 || true
    rm -f "$RUN_DIR/report-service.pid"
    exit 1
  fi
  sleep 0.2
done
if ! wait "$probe"; then
  echo "restart: service did not answer on port $PORT within ${timeout_s}s; last output:" >&2
  tail -n 20 "$RUN_DIR/logs/stdout.log" >&2 || true
  ./stop.sh >&2 || true
  exit 1
fi
if ! kill -0 "$pid" 2>/dev/null; then
  echo "restart: pid $pid exited (is port $PORT taken by another process?)" >&2
  tail -n 20 "$RUN_DIR/logs/stdout.log" >&2 || true
  rm -f "$RUN_DIR/report-service.pid"
  exit 1
fi
echo "started pid=$pid"
