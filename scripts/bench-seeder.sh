#!/usr/bin/env bash
# Harness benchmark of the seeder on the local stack: transactions/s into PostgreSQL through a Connect worker, and
# change events/s in Kafka mode; plus the generator alone. Output on stdout and in docs/benchmarks/seeder.txt.
# -Dbench.postgres.transactions=N and -Dbench.kafka.transactions=N set the run lengths (defaults 20000, 50000).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
classpath=$(build_and_print_test_classpath seeder-source-connector)
mkdir -p docs/benchmarks
{
  benchmark_header "scripts/bench-seeder.sh $*"
  java -Xmx2g -Dlog4j2.configurationFile=log4j2-test.xml \
    -Dlocalstack.plugins="seeder-source-connector/target/plugin/seeder-source-connector-$(project_version)" \
    -Dlocalstack.repo.dir="$PWD" "$@" -cp "$classpath" dev.cdcflow.seeder.SeederBenchmark
} 2>&1 | grep -vE '^\s+at |INFO|WARN|Bootstrap metadata|Formatting metadata' | tee docs/benchmarks/seeder.txt
