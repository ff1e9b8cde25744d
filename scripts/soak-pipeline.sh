#!/usr/bin/env bash
# The fault soak: runs the storefront pipeline on the local stack in a JVM of its own and injects one fault per
# cycle while traffic flows (kill -9 of that JVM and a restart on the same work folder, a graceful worker restart,
# sink task restarts over REST, ClickHouse SIGKILL, a PostgreSQL crash, an S3 outage, a rebalance, a ClickHouse
# outage spanning a rebalance). After every cycle it compares every PostgreSQL table with ClickHouse FINAL key by key
# and column by column, and checks that every Kafka offset the S3 sink committed is in exactly one S3 object. On a
# difference it prints the key's history, keeps the work folder and exits 1. It stops by itself.
#
# Usage: scripts/soak-pipeline.sh [--cycles N] [--faults a,b] [--traffic-seconds N] [--catch-up-seconds N]
#                                 [--seed N] [--rate N] [--customers N] [--work-dir DIR] [--log FILE]
# Without --work-dir it uses a new temporary folder, removed after a clean run. --help lists every option.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh

args=()
work_dir=""
log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --work-dir) work_dir=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$work_dir" ]; then
  work_dir=$(mktemp -d -t cdcflow-soak-XXXXXX)
  remove_when_clean=true
else
  remove_when_clean=false
fi
work_dir=$(realpath -m "$work_dir")

ensure_clickhouse_server
if [ ! -d pipeline/target/lib ] || [ "${SOAK_SKIP_BUILD:-}" != "true" ]; then
  echo "Building the plugins and the local stack (tests skipped)..."
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
fi

kill_request="$work_dir/soak/kill-request"
run_once() {
  rm -f "$kill_request"
  java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" dev.cdcflow.pipeline.soak.FaultSoak \
    --plugins pipeline/target/plugins --work-dir "$work_dir" "${args[@]}" &
  local soak=$!
  # The soak asks for SIGKILL with a file: this is the crash it injects, from outside the JVM.
  while kill -0 "$soak" 2>/dev/null; do
    if [ -f "$kill_request" ]; then
      echo "soak: kill -9 of the pipeline JVM (pid $soak)"
      kill -9 "$soak"
      wait "$soak" 2>/dev/null || true
      return 100
    fi
    sleep 0.5
  done
  local status=0
  wait "$soak" || status=$?
  return "$status"
}

main() {
  echo "soak: work folder $work_dir"
  local status
  while true; do
    status=0
    run_once || status=$?
    if [ "$status" -ne 100 ]; then
      break
    fi
    echo "soak: starting the pipeline again on $work_dir"
  done
  if [ "$status" -eq 0 ] && [ "$remove_when_clean" = true ]; then
    rm -rf "$work_dir"
  fi
  return "$status"
}

if [ -n "$log" ]; then
  mkdir -p "$(dirname "$log")"
  main 2>&1 | tee "$log"
  exit "${PIPESTATUS[0]}"
fi
main
