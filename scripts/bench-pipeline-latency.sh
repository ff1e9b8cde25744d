#!/usr/bin/env bash
# Harness benchmark of the whole pipeline on the local stack: latency from a PostgreSQL commit to the row visible in
# ClickHouse under FINAL (p50, p90, p99) at seeder rates stepped up in one stack until it falls behind, and the
# highest rate it sustained.
# -Dbench.rates=a,b,... (seeder transactions per second, default 250,500,750,1000), -Dbench.seconds=N (probe period
# per rate, default 40), -Dbench.warmup.seconds=N (traffic at the first rate before any probe, default 240),
# -Dbench.variables=NAME=value,... (connector template variables to try, e.g. CLICKHOUSE_BATCH_MAX_WAIT_MS=250),
# -Dbench.compare=NAME=value,... (variables to compare with those side by side: steps alternate in the same stack),
# -Dbench.repeats=N (steps per setting and rate when comparing, default 2).
# Output on stdout and in docs/benchmarks/pipeline-latency.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
run_local_stack_benchmark pipeline dev.cdcflow.pipeline.PipelineLatencyBenchmark pipeline-latency 3g "$@"
