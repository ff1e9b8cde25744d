#!/usr/bin/env bash
# Harness benchmark of the Iceberg stage on a group of 1, 2 and 3 Connect workers (each in a JVM of its own) on one
# topic of six partitions: rows/s and the whole stack's CPU per row (docs/operations.md, "Running the plugins on a
# group of workers"). Output on stdout and in docs/benchmarks/iceberg-stage-workers.txt. -Dbench.rows=N (default
# 300000).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
./mvnw -B -q -ntp -DskipTests -pl worker-runtime package >&2
run_local_stack_benchmark iceberg-stage-sink-connector dev.cdcflow.iceberg.WorkerScalingBenchmark \
  iceberg-stage-workers 2g "$@"
