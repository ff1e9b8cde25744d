#!/usr/bin/env bash
# What open data files cost the Iceberg stage's heap, with and without the task's buffer cap (buffer.max.bytes):
# rows over many day partitions written into one table on a local warehouse, in a JVM of -Xmx256m.
# -Dbench.days=N (default 2000), -Dbench.rows=N (default 20000), -Dbench.cap.bytes=N (default 64 MiB),
# -Dbench.page.bytes=N (the tables' write.parquet.page-size-bytes; default Iceberg's 1 MiB).
# Output on stdout and in docs/benchmarks/iceberg-stage-memory.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
module=iceberg-stage-sink-connector
classpath=$(build_and_print_test_classpath "$module")
benchmark_output=docs/benchmarks/iceberg-stage-memory.txt
benchmark_header "scripts/bench-iceberg-stage-memory.sh $*" | tee "$benchmark_output"
run_jvm_through benchmark_lines java -Xmx256m -Dlog4j2.configurationFile=log4j2-test.xml "$@" -cp "$classpath" \
  dev.cdcflow.iceberg.StageMemoryBenchmark
