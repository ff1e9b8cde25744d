#!/usr/bin/env bash
# JMH benchmark of the transforms: FlattenChangeEvent next to Debezium's ExtractNewRecordState on the same captured
# change events, in one run, and ValidateRow with ten rules on a valid row.
# Extra arguments go to JMH (default: one fork, 3 x 2 s warm-up, 5 x 2 s measurement).
# Output: the JMH report on stdout and in docs/benchmarks/cdc-transforms.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
classpath=$(build_and_print_test_classpath cdc-transforms)
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
benchmark_output=docs/benchmarks/cdc-transforms.txt
mkdir -p docs/benchmarks
benchmark_header "scripts/bench-transforms.sh ${args[*]}" | tee "$benchmark_output"
run_jvm_through append_to_output java -cp "$classpath" org.openjdk.jmh.Main "${args[@]}" 'dev.cdcflow.transforms.bench.*'

