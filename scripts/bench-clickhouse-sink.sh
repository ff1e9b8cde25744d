#!/usr/bin/env bash
# Harness benchmark of the ClickHouse sink on the local stack: rows/s from a pre-filled topic through a Connect
# worker into ClickHouse, next to client-v2's direct RowBinary insert of the same rows, in one run.
# -Dbench.rows=N (default 1000000), -Dbench.batch=N (default 100000), -Dbench.rounds=N (default 5). Output on stdout
# and in docs/benchmarks/clickhouse-sink.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
run_local_stack_benchmark clickhouse-sink-connector dev.cdcflow.clickhouse.SinkBenchmark clickhouse-sink 3g "$@"
