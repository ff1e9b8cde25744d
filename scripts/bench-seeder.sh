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
run_local_stack_benchmark seeder-source-connector dev.cdcflow.seeder.SeederBenchmark seeder 2g "$@"
