#!/usr/bin/env bash
# The main command: starts the local stack (no Docker needed: Kafka, Connect with every plugin of this repository and
# Debezium, PostgreSQL, ClickHouse, S3), runs the storefront pipeline on it (seeder -> PostgreSQL -> Debezium -> SMTs
# -> ClickHouse and S3) and shows its status until Ctrl-C. Builds what is needed first. Options: --help.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
if [ "${CDCFLOW_SKIP_BUILD:-false}" != true ] || [ ! -d pipeline/target/lib ]; then
  echo "Building the plugins and the local stack (tests skipped)..."
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
fi
# shellcheck source=lib/jvm.sh
source scripts/lib/jvm.sh
# Until Ctrl-C or SIGTERM, which stop Connect first and the servers after it (scripts/lib/jvm.sh).
run_jvm java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" dev.cdcflow.pipeline.LocalPipeline \
  --plugins pipeline/target/plugins "$@"
