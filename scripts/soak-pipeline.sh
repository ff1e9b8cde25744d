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
if [ ! -d pipeline/target/lib ] || [ "${CDCFLOW_SKIP_BUILD:-false}" != true ]; then
  echo "Building the plugins and the local stack (tests skipped)..."
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
fi

# shellcheck source=lib/jvm.sh
source scripts/lib/jvm.sh
kill_request="$work_dir/soak/kill-request"
# One run of the soak's JVM; 100 when it asked to be killed and was (the crash the soak injects, from outside).
run_once() {
  rm -f "$kill_request"
  setsid java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" dev.cdcflow.pipeline.soak.FaultSoak \
    --plugins pipeline/target/plugins --work-dir "$work_dir" "${args[@]}" &
  local soak=$!
  # The soak asks for SIGKILL with a file.
  (
    while kill -0 "$soak" 2>/dev/null; do
      if [ -f "$kill_request" ]; then
        echo "soak: kill -9 of the pipeline JVM (pid $soak)"
        kill -9 "$soak"
        exit 0
      fi
      sleep 0.5
    done
  ) &
  local watcher=$!
  local status=0
  await_jvm "$soak" || status=$?
  wait "$watcher" || true
  exit_if_stopped
  if [ "$status" -eq 137 ] && [ -f "$kill_request" ]; then
    return 100
  fi
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
  # Here, not in a pipeline: the traps that pass a Ctrl-C or SIGTERM on to the JVM live in this shell.
  exec > >(tee -i "$log") 2>&1
fi
main
