#!/usr/bin/env bash
# Starts the Compose stack: builds the Connect image (BuildKit), starts every service, waits until connect-init has
# registered the connectors, then says where to look. Needs Docker with Compose v2 and a .env (cp .env.example .env,
# then change every password: an .env with one of the example's change-me passwords is refused).
#
# Usage: scripts/docker-up.sh [--recreate] [--cluster]
#   --recreate  recreate every container, even unchanged ones, with new anonymous volumes (the named volumes, which
#               hold the data, are kept: for a clean start run scripts/docker-down.sh --remove-volumes first)
#   --cluster   three controllers and three brokers (docker-compose.kraft-cluster.yml) instead of one node
set -euo pipefail
cd "$(dirname "$0")/.."
up_args=(up -d --build --remove-orphans)
for arg in "$@"; do
  case $arg in
    --recreate) up_args+=(--force-recreate --renew-anon-volumes) ;;
    --cluster) export COMPOSE_CLUSTER=true ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "Unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=lib/compose.sh
source scripts/lib/compose.sh
require_compose
refuse_example_passwords .env || exit 1
load_env

compose "${up_args[@]}"

# connect-init runs once the worker, PostgreSQL, ClickHouse and MinIO are healthy, registers every connector, exits.
echo "Waiting for connect-init to register the connectors..."
for _ in $(seq 1 120); do
  container=$(compose ps -a -q connect-init)
  state=$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$container" 2> /dev/null || echo "missing")
  case $state in
    "exited 0") break ;;
    exited*) compose logs connect-init >&2; echo "connect-init failed ($state)" >&2; exit 1 ;;
  esac
  sleep 5
done
[ "${state:-}" = "exited 0" ] || { echo "connect-init did not finish in 10 minutes ($state)" >&2; exit 1; }

host=${PUBLISH_ADDRESS:-127.0.0.1}
[ "$host" = "0.0.0.0" ] && host=localhost
cat <<TEXT
The stack is up and the connectors are registered:
  Connect REST  http://$host:${CONNECT_HOST_PORT:-8083}/connectors
  AKHQ          http://$host:${AKHQ_HOST_PORT:-8080}
  Grafana       http://$host:${GRAFANA_HOST_PORT:-3000}  (user ${GRAFANA_ADMIN_USER:-admin})
  Prometheus    http://$host:${PROMETHEUS_HOST_PORT:-9090}/targets
  ClickHouse    http://localhost:${CLICKHOUSE_HTTP_HOST_PORT:-8123}/play
  MinIO         http://localhost:${MINIO_CONSOLE_HOST_PORT:-9001}
Smoke checks after a minute of traffic: scripts/compose-smoke.sh. Stop: scripts/docker-down.sh
TEXT
