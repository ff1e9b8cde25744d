#!/usr/bin/env bash
# Harness benchmark of the S3 raw sink on the local stack: MB/s and records/s of Avro objects from 200 partitions,
# each round beside plain PutObject of the same bytes; first the sink's write path in process, then the sink through
# a Connect worker from a pre-filled topic, with the CPU each used (per thread group) and the peak of its buffer.
# -Dbench.records=N (default 200000), -Dbench.payload=chars (default 2000), -Dbench.rounds=N (default 3),
# -Dbench.cap.mib=N (buffer.max.bytes, default 32), -Dbench.files.per.partition=N (default 4),
# -Dbench.tasks=N (default 1), -Dbench.connector=key=value,... (extra connector settings, to try a tuning).
# Output on stdout and in docs/benchmarks/s3-raw-sink.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
ensure_clickhouse_server
run_local_stack_benchmark s3-raw-sink-connector dev.cdcflow.s3.S3SinkBenchmark s3-raw-sink 3g "$@"
