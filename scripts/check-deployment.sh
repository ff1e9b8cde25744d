#!/usr/bin/env bash
# Static checks of the Docker deployment, as far as a machine without a Docker engine can go (the README's test
# command runs this first): both Compose setups parse and resolve with a fresh .env made from .env.example; without
# a .env the stack refuses to start and says why; the shell scripts pass shellcheck. The connector templates and
# the Dockerfile's module list are checked by DeploymentFilesTest (connect-init), with the unit tests.
# Installs Debian's docker-compose and shellcheck when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/debian-packages.sh
source scripts/lib/debian-packages.sh
ensure_command docker-compose docker-compose
ensure_command shellcheck shellcheck

repo=$PWD
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
# What a user has after `cp .env.example .env`, without touching a .env of this checkout.
for entry in docker-compose.yml docker-compose.kraft-cluster.yml connect-image connectors sql lakehouse monitoring; do
  ln -s "$repo/$entry" "$project/$entry"
done

compose() {
  (cd "$project" && docker-compose "$@")
}

if compose -f docker-compose.yml config -q 2> "$project/no-env.err"; then
  echo "docker-compose.yml starts without a .env: its passwords must come from .env" >&2
  exit 1
fi
grep -q "set KAFKA_CLUSTER_ID in .env" "$project/no-env.err" || { cat "$project/no-env.err" >&2; exit 1; }

cp .env.example "$project/.env"
compose -f docker-compose.yml config -q
compose -f docker-compose.yml -f docker-compose.kraft-cluster.yml config -q
services=$(compose -f docker-compose.yml config --services | sort | tr '\n' ' ')
expected="akhq clickhouse connect connect-init grafana kafka minio minio-init postgres prometheus schema-registry "
if [ "$services" != "$expected" ]; then
  echo "docker-compose.yml has services [$services], expected [$expected]" >&2
  exit 1
fi
echo "docker-compose: docker-compose.yml and the three-broker override are valid ($services)"

shellcheck -x -P SCRIPTDIR scripts/*.sh scripts/lib/*.sh .ci/run
echo "shellcheck: scripts clean"
