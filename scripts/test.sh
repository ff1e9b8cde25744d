#!/usr/bin/env bash
# Runs the static checks of the Docker deployment, then the whole build with every unit and integration test
# against real services (no Docker needed). Installs what a Debian machine lacks (clickhouse-server,
# docker-compose, shellcheck; as root); the Maven wrapper fetches Maven itself.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl clickhouse-sink-connector -am
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
bash scripts/check-deployment.sh
exec ./mvnw -B -ntp verify "$@"
