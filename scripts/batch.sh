#!/usr/bin/env bash
# The batch command: models and CSV jobs for the batch upload source, and the jobs' status and rejected rows
# (docs/batch.md). Where it finds the uploads bucket and ClickHouse: the BATCH_* variables when BATCH_S3_ENDPOINT is
# set; else the main command's running local stack (scripts/run-pipeline.sh, whatever its --work-dir); else the
# Compose stack of ./.env. Usage: scripts/batch.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
# Built once (the main command builds the same); CDCFLOW_REBUILD=true builds again.
if [ "${CDCFLOW_REBUILD:-false}" = true ] || [ ! -d pipeline/target/lib ] \
    || [ ! -f pipeline/target/classes/dev/cdcflow/pipeline/batch/BatchCommand.class ]; then
  echo "Building the batch command (tests skipped)..." >&2
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package >&2
fi
# Compose: what .env says, as seen from this machine (published ports on localhost, the uploader's keys).
running_stack="${CDCFLOW_STATE_DIR:-$HOME/.cache/cdcflow}/running-stack.properties"
if [ -z "${BATCH_S3_ENDPOINT:-}" ] && [ -f .env ] && [ ! -f "$running_stack" ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
  export BATCH_S3_ENDPOINT="http://localhost:${MINIO_API_HOST_PORT:-9000}"
  export BATCH_CLICKHOUSE_URL="http://localhost:${CLICKHOUSE_HTTP_HOST_PORT:-8123}"
  export BATCH_CLICKHOUSE_USER="${CLICKHOUSE_USER:-cdcflow}" BATCH_CLICKHOUSE_PASSWORD="${CLICKHOUSE_PASSWORD:-}"
fi
# shellcheck source=lib/jvm.sh
source scripts/lib/jvm.sh
run_jvm java -cp "pipeline/target/classes:pipeline/target/lib/*" dev.cdcflow.pipeline.batch.BatchCommand "$@"
