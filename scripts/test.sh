#!/usr/bin/env bash
# Runs the static checks of the Docker deployment and of the scripts' JVM handling, then the whole build with every unit and integration test
# against real services (no Docker needed), then the pipeline on Connect workers of the oldest and the newest Kafka
# release the plugins support, each on Java 17 and 21 (scripts/test-worker-compat.sh). Installs what a Debian machine
# lacks (clickhouse-server, docker-compose, shellcheck; as root); the Maven wrapper fetches Maven and the workers'
# jars, and a Java 21 the machine lacks is unpacked from Debian's packages into ~/.cache/cdcflow.
# Extra arguments go to Maven, and then the worker check is left out, e.g. scripts/test.sh -pl local-stack -am
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
# The tests that cut a Connect worker off the network drop its packets with iptables.
ensure_command iptables iptables
bash scripts/check-deployment.sh
bash scripts/check-scripts.sh
./mvnw -B -ntp verify "$@"
if [ $# -eq 0 ]; then
  CDCFLOW_SKIP_BUILD=true COMPAT_OUTPUT=target/worker-compat/result.txt bash scripts/test-worker-compat.sh 3.7.2 4.4.0
fi
