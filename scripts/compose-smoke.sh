#!/usr/bin/env bash
# Smoke checks of a running Compose stack (docker compose up -d --build, then a minute of traffic): every connector
# and task RUNNING, the Avro subjects registered with BACKWARD compatibility, rows in ClickHouse next to PostgreSQL's,
# objects in MinIO. Prints what it checked; exits 1 at the first check that fails, saying which.
# Needs Docker with Compose v2, curl, and the stack's .env in the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck source=/dev/null
. ./.env
set +a
connect="http://localhost:${CONNECT_HOST_PORT:-8083}"
registry="http://localhost:${SCHEMA_REGISTRY_HOST_PORT:-8081}"

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

clickhouse() {
  docker compose exec -T clickhouse clickhouse-client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" \
    --query "$1"
}

for connector in storefront-seeder storefront-debezium storefront-clickhouse storefront-s3-raw; do
  status=$(curl -fsS "$connect/connectors/$connector/status") || fail "connector $connector is not registered"
  states=$(grep -o '"state":"[A-Z]*"' <<< "$status" | sort -u | tr '\n' ' ')
  [ "$states" = '"state":"RUNNING" ' ] || fail "$connector is not all RUNNING: $states"
  echo "ok  $connector and its tasks RUNNING"
done

subjects=$(curl -fsS "$registry/subjects")
for subject in storefront.public.customers-value storefront.public.orders-value storefront.seeder.activity-value; do
  grep -q "\"$subject\"" <<< "$subjects" || fail "subject $subject is not registered ($subjects)"
done
echo "ok  Avro subjects registered: $subjects"
curl -fsS "$registry/config" | grep -q '"BACKWARD"' || fail "the registry's compatibility level is not BACKWARD"
echo "ok  compatibility level BACKWARD"

for table in customers products orders order_items; do
  in_clickhouse=$(clickhouse "SELECT count() FROM ${CLICKHOUSE_DATABASE:-storefront}.$table FINAL WHERE _is_deleted = 0")
  in_postgres=$(docker compose exec -T postgres psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "SELECT count(*) FROM $table")
  [ "$in_clickhouse" -gt 0 ] || fail "no rows in ClickHouse table $table yet"
  echo "ok  $table: $in_clickhouse rows in ClickHouse, $in_postgres in PostgreSQL (the difference: traffic in flight, and customers ValidateRow rejected)"
done
echo "ok  rejected rows: $(clickhouse "SELECT count() FROM ${CLICKHOUSE_DATABASE:-storefront}.rejected_rows FINAL")"

objects=$(docker compose exec -T minio sh -c \
  "mc alias set smoke http://localhost:9000 \"\$MINIO_ROOT_USER\" \"\$MINIO_ROOT_PASSWORD\" > /dev/null && mc ls --recursive smoke/${S3_BUCKET:-raw}/cdc/ | wc -l")
[ "$objects" -gt 0 ] || fail "no objects under s3://${S3_BUCKET:-raw}/cdc/ yet (files close after S3_FLUSH_SPAN_MS of record time)"
echo "ok  $objects objects under s3://${S3_BUCKET:-raw}/cdc/"
