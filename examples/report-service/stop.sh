#!/usr/bin/env bash
# Stops the service whose pid is in $RUN_DIR/report-service.pid: SIGTERM, up to 10s, then
# SIGKILL. Idempotent: no pid file, or a pid that is gone or not ours, is not an error.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

: "${RUN_DIR:?RUN_DIR is required}"
pid_file="$RUN_DIR/report-service.pid"

if [[ ! -f "$pid_file" ]]; then
  echo "stop: no pid file ($pid_file); nothing to stop"
  exit 0
fi
pid="$(tr -dc '0-9' < "$pid_file")"
if [[ -z "$pid" ]]; then
  echo "stop: empty pid file; removing it"
  rm -f "$pid_file"
  exit 0
fi

# true while $1 is a live report-service JVM (a reused pid or a zombie is not)
is_ours() {
  local args
  if [[ -r "/proc/$1/cmdline" ]]; then
    args="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)" || return 1
  else
    args="$(ps -p "$1" -o args= 2>/dev/null)" || return 1
  fi
  [[ "$args" == *dev.selfheal.example.report.ReportService* ]]
}

if ! is_ours "$pid"; then
  echo "stop: pid $pid is not running report-service; nothing to stop"
  rm -f "$pid_file"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 100); do   # 100 x 0.1s = 10s
  is_ours "$pid" || break
  sleep 0.1
done
if is_ours "$pid"; then
  echo "stop: pid $pid still running after 10s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    is_ours "$pid" || break
    sleep 0.1
  done
fi
if is_ours "$pid"; then
  echo "stop: pid $pid would not die" >&2
  exit 1
fi
rm -f "$pid_file"
echo "stop: stopped pid $pid"
