#!/usr/bin/env bash
# Runs the whole build with every unit and integration test against real services (no Docker needed).
# Installs what a Debian machine lacks (clickhouse-server, as root); the Maven wrapper fetches Maven itself.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl clickhouse-sink-connector -am
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server
exec ./mvnw -B -ntp verify "$@"
