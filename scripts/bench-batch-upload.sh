#!/usr/bin/env bash
# Harness benchmark of batch upload jobs on the local stack: rows/s from a CSV file's upload to every row in
# ClickHouse (the job SUCCESS), beside a plain INSERT ... FORMAT CSVWithNames of the same file, alternating in one
# run. Output on stdout and in docs/benchmarks/batch-upload.txt. -Dbench.rows=N (default 1000000),
# -Dbench.rounds=N (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
run_local_stack_benchmark pipeline dev.cdcflow.pipeline.BatchUploadBenchmark batch-upload 2g "$@"
