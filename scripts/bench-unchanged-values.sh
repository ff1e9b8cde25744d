#!/usr/bin/env bash
# What an unchanged large (TOAST) value costs the ClickHouse sink: rows/s of updates that carry an 8 kB text next to
# updates that leave it unchanged (the sink reads it back from ClickHouse), in one run on the local stack.
# -Dbench.keys=N (default 20000), -Dbench.rounds=N (default 3). Output on stdout and in
# docs/benchmarks/unchanged-values.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
run_local_stack_benchmark clickhouse-sink-connector dev.cdcflow.clickhouse.UnchangedValuesBenchmark unchanged-values 2g "$@"
