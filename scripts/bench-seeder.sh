#!/usr/bin/env bash
# Harness benchmark of the seeder on the local stack: transactions/s into PostgreSQL through a Connect worker, and
# change events/s in Kafka mode; plus the generator alone. Output on stdout and in docs/benchmarks/seeder.txt.
# -Dbench.postgres.transactions=N and -Dbench.kafka.transactions=N set the run lengths (defaults 20000, 50000).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
./mvnw -B -q -ntp -DskipTests -pl seeder-source-connector -am install
classpath="seeder-source-connector/target/test-classes:seeder-source-connector/target/classes:$(./mvnw -B -q -ntp \
  -pl seeder-source-connector dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
version=$(sed -n 's/^version=//p' connect-common/target/classes/dev/cdcflow/common/version.properties)
mkdir -p docs/benchmarks
{
  echo "# scripts/bench-seeder.sh $*"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  java -Xmx2g -Dlog4j2.configurationFile=log4j2-test.xml \
    -Dlocalstack.plugins="seeder-source-connector/target/plugin/seeder-source-connector-${version}" \
    -Dlocalstack.repo.dir="$PWD" "$@" -cp "$classpath" dev.cdcflow.seeder.SeederBenchmark
} | tee docs/benchmarks/seeder.txt
