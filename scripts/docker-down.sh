#!/usr/bin/env bash
# Stops the Compose stack and removes its containers; the data (Kafka, PostgreSQL, ClickHouse, MinIO, Prometheus,
# Grafana volumes) stays for the next scripts/docker-up.sh unless --remove-volumes.
#
# Usage: scripts/docker-down.sh [--remove-volumes] [--cluster]
#   --remove-volumes  delete the volumes too: the next start begins from nothing
#   --cluster         the stack was started with --cluster (docker-compose.kraft-cluster.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
down_args=(down --remove-orphans)
for arg in "$@"; do
  case $arg in
    --remove-volumes) down_args+=(--volumes) ;;
    --cluster) export COMPOSE_CLUSTER=true ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "Unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=lib/compose.sh
source scripts/lib/compose.sh
require_compose
compose "${down_args[@]}"
