#!/usr/bin/env bash
# Harness benchmark of the ClickHouse sink on the local stack: rows/s from a pre-filled topic through a Connect
# worker into ClickHouse, next to client-v2's direct RowBinary insert of the same rows, in one run.
# -Dbench.rows=N (default 1000000) and -Dbench.batch=N (default 100000). Output on stdout and in
# docs/benchmarks/clickhouse-sink.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
classpath=$(build_and_print_test_classpath clickhouse-sink-connector)
mkdir -p docs/benchmarks
{
  benchmark_header "scripts/bench-clickhouse-sink.sh $*"
  java -Xmx3g -Dlog4j2.configurationFile=log4j2-test.xml \
    -Dlocalstack.plugins="clickhouse-sink-connector/target/plugin/clickhouse-sink-connector-$(project_version)" \
    -Dlocalstack.repo.dir="$PWD" "$@" -cp "$classpath" dev.cdcflow.clickhouse.SinkBenchmark
} 2>&1 | grep -vE '^\s+at |INFO|WARN|Bootstrap metadata|Formatting metadata' | tee docs/benchmarks/clickhouse-sink.txt
