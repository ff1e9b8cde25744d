#!/usr/bin/env bash
# Harness benchmark of the ClickHouse sink on the local stack: rows/s from a pre-filled topic through a Connect
# worker into ClickHouse, next to client-v2's direct RowBinary insert of the same rows, in one run.
# -Dbench.rows=N (default 1000000) and -Dbench.batch=N (default 100000). Output on stdout and in
# docs/benchmarks/clickhouse-sink.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
./mvnw -B -q -ntp -DskipTests -pl clickhouse-sink-connector -am install
classpath="clickhouse-sink-connector/target/test-classes:clickhouse-sink-connector/target/classes:$(./mvnw -B -q \
  -ntp -pl clickhouse-sink-connector dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
version=$(sed -n 's/^version=//p' connect-common/target/classes/dev/cdcflow/common/version.properties)
mkdir -p docs/benchmarks
{
  echo "# scripts/bench-clickhouse-sink.sh $*"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  java -Xmx3g -Dlog4j2.configurationFile=log4j2-test.xml \
    -Dlocalstack.plugins="clickhouse-sink-connector/target/plugin/clickhouse-sink-connector-${version}" \
    -Dlocalstack.repo.dir="$PWD" "$@" -cp "$classpath" dev.cdcflow.clickhouse.SinkBenchmark
} 2>&1 | grep -vE '^\s+at |INFO|WARN|Bootstrap metadata|Formatting metadata' | tee docs/benchmarks/clickhouse-sink.txt
