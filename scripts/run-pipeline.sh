#!/usr/bin/env bash
# The main command: starts the local stack (no Docker needed: Kafka, Connect with every plugin of this repository and
# Debezium, PostgreSQL, ClickHouse, S3), runs the storefront pipeline on it (seeder -> PostgreSQL -> Debezium -> SMTs
# -> ClickHouse and S3) and shows its status until Ctrl-C. Builds what is needed first. Options: --help.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
echo "Building the plugins and the local stack (tests skipped)..."
./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
# In a session of its own, so that Ctrl-C reaches only this script and not PostgreSQL's and ClickHouse's processes
# at the same time: the JVM then stops Connect first and the servers after it.
setsid java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" dev.cdcflow.pipeline.LocalPipeline \
  --plugins pipeline/target/plugins "$@" &
pipeline=$!
trap 'echo "Stopping the pipeline..."; kill -TERM "$pipeline" 2>/dev/null' INT TERM
# wait returns early when a trapped signal arrives; wait again for the JVM to finish stopping.
wait "$pipeline" || wait "$pipeline"
