# shellcheck shell=bash
# Sourced by the Compose scripts (docker-up.sh, docker-down.sh, compose-smoke.sh): Docker Compose v2 with BuildKit on
# this repository's files, and the stack's .env.

# The Compose files: the single-node stack, plus the three-broker override when COMPOSE_CLUSTER=true.
compose_files=(-f docker-compose.yml)
if [ "${COMPOSE_CLUSTER:-false}" = "true" ]; then
  compose_files+=(-f docker-compose.kraft-cluster.yml)
fi

# Runs docker compose (v2, the plugin) on the stack's files. Compose 1.x (docker-compose) builds without BuildKit,
# which the Dockerfile needs: it is refused here with the way out.
compose() {
  DOCKER_BUILDKIT=1 docker compose "${compose_files[@]}" "$@"
}

require_compose() {
  if ! docker compose version > /dev/null 2>&1; then
    echo "Docker Compose v2 is needed ('docker compose'; Docker Desktop or the docker-compose-plugin package)." >&2
    echo "With Compose 1.29 run the commands of docs/compose.md yourself, with DOCKER_BUILDKIT=1 set." >&2
    exit 1
  fi
  if [ ! -f .env ]; then
    echo "No .env: cp .env.example .env, then change every password in it (change-me-...)." >&2
    exit 1
  fi
}

# Refuses an .env (or the file $1) that still holds one of .env.example's change-me passwords, naming each setting:
# the example's passwords are public, and the stack would start with them.
refuse_example_passwords() {
  local env_file=${1:-.env} unchanged
  unchanged=$(sed -n 's/^\([A-Z0-9_]*\)=change-me.*/\1/p' "$env_file" | tr '\n' ' ')
  if [ -n "$unchanged" ]; then
    echo "$env_file still holds the example's passwords: change ${unchanged% } (any values of your own)." >&2
    return 1
  fi
}

# Loads .env into this shell, as Compose reads it.
load_env() {
  set -a
  # shellcheck source=/dev/null
  . ./.env
  set +a
}
