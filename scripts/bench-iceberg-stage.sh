#!/usr/bin/env bash
# Harness benchmark of the Iceberg stage beside Apache Iceberg's Kafka Connect sink (org.apache.iceberg:
# iceberg-kafka-connect from Maven Central, made into a plugin folder here with what S3FileIO and the JDBC catalog
# need), in one run on the local stack: rows/s and data files per commit, same topic, same commit interval.
# -Dbench.rows=N (default 200000), -Dbench.rounds=N (default 2), -Dbench.commit.ms=N (default 10000). Output on stdout
# and in docs/benchmarks/iceberg-stage.txt. Both run in a Connect worker of its own JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/benchmark.sh
source scripts/lib/benchmark.sh
# shellcheck source=lib/worker-runtime.sh
source scripts/lib/worker-runtime.sh
ensure_clickhouse_server

# The peer's plugin folder: its jar and runtime dependencies, with the AWS SDK, the PostgreSQL driver and the Hadoop
# classes Parquet needs (Iceberg's own runtime distribution bundles the same kinds of jars).
peer=target/iceberg-peer
iceberg_version=$(sed -n 's:.*<iceberg.version>\(.*\)</iceberg.version>.*:\1:p' pom.xml)
mkdir -p "$peer"
cat > "$peer/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>dev.cdcflow</groupId><artifactId>cdcflow-parent</artifactId><version>$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)</version>
    <relativePath>../../pom.xml</relativePath></parent>
  <artifactId>iceberg-peer</artifactId><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.iceberg</groupId><artifactId>iceberg-kafka-connect</artifactId><version>$iceberg_version</version></dependency>
    <dependency><groupId>org.apache.iceberg</groupId><artifactId>iceberg-parquet</artifactId></dependency>
    <dependency><groupId>org.apache.iceberg</groupId><artifactId>iceberg-aws</artifactId></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>s3</artifactId></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>sts</artifactId></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>kms</artifactId></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>url-connection-client</artifactId></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-common</artifactId></dependency>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-mapreduce-client-core</artifactId></dependency>
    <dependency><groupId>org.apache.hadoop.thirdparty</groupId><artifactId>hadoop-shaded-guava</artifactId></dependency>
    <dependency><groupId>commons-collections</groupId><artifactId>commons-collections</artifactId></dependency>
    <dependency><groupId>com.fasterxml.woodstox</groupId><artifactId>woodstox-core</artifactId></dependency>
    <dependency><groupId>org.codehaus.woodstox</groupId><artifactId>stax2-api</artifactId></dependency>
  </dependencies>
</project>
POM
rm -rf "$peer/plugin"
./mvnw -B -q -ntp -f "$peer/pom.xml" -Dcheckstyle.skip dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory=plugin/iceberg-kafka-connect/lib -DexcludeGroupIds=org.slf4j,org.apache.kafka >&2
# Both connectors run in a worker of its own JVM (the Connect release of the build), as in production: a worker in
# the benchmark's JVM would let Iceberg classes of the benchmark's class path leak into the peer's plugin.
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)
worker=$(worker_lib "$kafka_version")
run_local_stack_benchmark iceberg-stage-sink-connector dev.cdcflow.iceberg.StageBenchmark iceberg-stage 3g \
  -Dbench.peer.plugin="$PWD/$peer/plugin/iceberg-kafka-connect" -Dbench.worker.lib="$PWD/$worker" \
  -Dbench.worker.java="$(command -v java)" "$@"
