#!/usr/bin/env bash
# Static checks of the Docker deployment, as far as a machine without a Docker engine can go (the README's test
# command runs this first): both Compose setups parse and resolve with a fresh .env made from .env.example; without
# a .env the stack refuses to start and says why; the shell scripts pass shellcheck; minio-init's script, run with a
# stand-in mc, gives each writer a valid policy of its own prefix. The connector templates and
# the Dockerfile's module list are checked by DeploymentFilesTest (connect-init), with the unit tests.
# Installs Debian's docker-compose, shellcheck and python3 when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/debian-packages.sh
source scripts/lib/debian-packages.sh
ensure_command docker-compose docker-compose
ensure_command shellcheck shellcheck
# minio-init's policies are checked to be JSON with python3's json.tool.
ensure_command python3 python3

repo=$PWD
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
# What a user has after `cp .env.example .env`, without touching a .env of this checkout.
for entry in docker-compose.yml docker-compose.kraft-cluster.yml connect-image connectors sql lakehouse monitoring minio; do
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

shellcheck -x -P SCRIPTDIR scripts/*.sh scripts/lib/*.sh .ci/run minio/init.sh sql/clickhouse/*.sh
echo "shellcheck: scripts clean"

# minio-init's script, with a stand-in mc that records the calls and checks each policy file is valid JSON.
mkdir -p "$project/bin" "$project/policies"
cat > "$project/bin/mc" <<'MC'
#!/bin/sh
echo "$*" >> "$CALLS"
if [ "$1 $2 $3" = "admin policy create" ]; then
  python3 -m json.tool "$6" > /dev/null || { echo "invalid policy JSON in $6" >&2; exit 1; }
fi
MC
chmod +x "$project/bin/mc"
CALLS="$project/mc-calls" POLICY_DIR="$project/policies" PATH="$project/bin:$PATH" MINIO_ROOT_USER=admin \
  MINIO_ROOT_PASSWORD=secret S3_ACCESS_KEY=sink S3_SECRET_KEY=s S3_BUCKET=raw S3_PREFIX=cdc LAKEHOUSE_BUCKET=lakehouse \
  ICEBERG_WAREHOUSE=s3://lakehouse/stage ICEBERG_S3_ACCESS_KEY=iceberg ICEBERG_S3_SECRET_KEY=t \
  LAKEHOUSE_READER_ACCESS_KEY=reader LAKEHOUSE_READER_SECRET_KEY=r \
  BATCH_BUCKET=uploads BATCH_S3_PREFIX=batch BATCH_S3_ACCESS_KEY=batch BATCH_S3_SECRET_KEY=b \
  BATCH_UPLOADER_ACCESS_KEY=uploader BATCH_UPLOADER_SECRET_KEY=u sh minio/init.sh > /dev/null
if ! grep -q '"arn:aws:s3:::raw/cdc/\*"' "$project/policies/cdcflow-raw-sink.json" \
    || ! grep -q '"arn:aws:s3:::lakehouse/stage/\*"' "$project/policies/cdcflow-iceberg-stage.json" \
    || ! grep -q '"arn:aws:s3:::lakehouse/stage/\*"' "$project/policies/cdcflow-lakehouse-reader.json" \
    || ! grep -q "admin policy attach local cdcflow-iceberg-stage --user iceberg" "$project/mc-calls" \
    || ! grep -q "admin policy attach local cdcflow-lakehouse-reader --user reader" "$project/mc-calls" \
    || ! grep -q '"arn:aws:s3:::uploads/batch/\*"' "$project/policies/cdcflow-batch-upload.json" \
    || grep -q 's3:PutObject' "$project/policies/cdcflow-batch-upload.json" \
    || ! grep -q 's3:PutObject' "$project/policies/cdcflow-batch-uploader.json" \
    || ! grep -q "admin policy attach local cdcflow-batch-uploader --user uploader" "$project/mc-calls"; then
  echo "minio/init.sh did not grant each writer its own prefix:" >&2
  cat "$project/mc-calls" >&2
  exit 1
fi
echo "minio-init: each writer and reader gets a policy of its own prefix (raw/cdc/, lakehouse/stage/, uploads/batch/;" \
  "the batch source only reads)"

# docker-up.sh's refusal of the example's passwords, on a fresh copy of .env.example and on one with them changed.
# shellcheck source=lib/compose.sh
source scripts/lib/compose.sh
if refuse_example_passwords .env.example 2> "$project/refusal"; then
  echo "docker-up.sh would start with .env.example's change-me passwords" >&2
  exit 1
fi
grep -q "change POSTGRES_PASSWORD .*GRAFANA_ADMIN_PASSWORD (" "$project/refusal" || { cat "$project/refusal" >&2; exit 1; }
sed 's/=change-me-\(.*\)/=own-\1-42/' .env.example > "$project/changed.env"
refuse_example_passwords "$project/changed.env"
echo "docker-up.sh: refuses .env.example's passwords, naming them; starts once they are changed"
