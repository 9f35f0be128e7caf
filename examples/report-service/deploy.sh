#!/usr/bin/env bash
# Deploys the checkout this script lives in: build, install the template, stop the previous
# process (pid file in RUN_DIR), start this one (restart.sh), wait until /health answers.
#   PORT              required; the service listens on 127.0.0.1:PORT
#   RUN_DIR           required; logs/, reports/, outbox/ and the pid file (outside the checkout)
#   REPORT_TMP_DIR    optional; where the template is installed (default /tmp/report-service)
#   JOB_INTERVAL_MS   optional; passed to the service (default 2000)
#   SERVICE_VERSION   optional; recorded in the logs
#   SELFHEAL_COMMIT   optional; recorded in the logs (default: git rev-parse HEAD)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

: "${PORT:?PORT is required}"
: "${RUN_DIR:?RUN_DIR is required}"
export PORT
export REPORT_TMP_DIR="${REPORT_TMP_DIR:-/tmp/report-service}"
mkdir -p "$RUN_DIR/logs"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
export RUN_DIR

commit="${SELFHEAL_COMMIT:-}"
if [[ -z "$commit" ]]; then
  commit="$(git rev-parse HEAD 2>/dev/null || true)"
fi
commit="${commit:-unknown}"
if [[ "$commit" != unknown ]]; then
  export SELFHEAL_COMMIT="$commit"
fi

./build.sh
if [[ -f deploy/install.sh ]]; then
  bash deploy/install.sh
fi

./stop.sh
if java -cp build/classes dev.selfheal.example.report.HealthProbe \
    "http://127.0.0.1:$PORT/health" 0 --any-status >/dev/null; then
  echo "deploy: port $PORT is already answering, and not as our previous deploy" >&2
  exit 1
fi

./restart.sh
pid="$(tr -dc '0-9' < "$RUN_DIR/report-service.pid")"
echo "deployed commit=$commit pid=$pid"
