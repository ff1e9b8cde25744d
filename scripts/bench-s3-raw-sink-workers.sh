#!/usr/bin/env bash
# Harness benchmark of the S3 raw sink on a group of 1, 2 and 3 Connect workers (each in a JVM of its own) on one
# topic of six partitions: rows/s and the whole stack's CPU per row (docs/operations.md, "Running the plugins on a
# group of workers"). Output on stdout and in docs/benchmarks/s3-raw-sink-workers.txt. -Dbench.rows=N (default
# 300000).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
./mvnw -B -q -ntp -DskipTests -pl worker-runtime package >&2
run_local_stack_benchmark s3-raw-sink-connector dev.cdcflow.s3.WorkerScalingBenchmark s3-raw-sink-workers 2g "$@"
