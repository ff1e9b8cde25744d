#!/usr/bin/env bash
# Smoke checks of a running Compose stack (scripts/docker-up.sh, then a minute of traffic): every connector and task
# RUNNING; the Avro subjects registered with BACKWARD compatibility, and schema evolution on a test subject (v1
# registered, a compatible v2 accepted, an incompatible v3 refused); Kafka itself (a test topic created, produced to,
# consumed from, and read again after the broker restarts); rows in ClickHouse next to PostgreSQL's; objects in
# MinIO; every Prometheus target up with the plugins' series in it; Grafana's dashboard provisioned. Prints what it
# checked; exits 1 at the first check that fails, saying which. The broker restart comes last.
# Needs Docker with Compose v2, curl, and the stack's .env in the repository root (COMPOSE_CLUSTER=true for the
# three-broker stack).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/compose.sh
source scripts/lib/compose.sh
require_compose
load_env
host=${PUBLISH_ADDRESS:-127.0.0.1}
[ "$host" = "0.0.0.0" ] && host=localhost
connect="http://$host:${CONNECT_HOST_PORT:-8083}"
registry="http://localhost:${SCHEMA_REGISTRY_HOST_PORT:-8081}"
prometheus="http://$host:${PROMETHEUS_HOST_PORT:-9090}"
grafana="http://$host:${GRAFANA_HOST_PORT:-3000}"

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

clickhouse() {
  compose exec -T clickhouse clickhouse-client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" \
    --query "$1"
}

for connector in storefront-seeder storefront-debezium storefront-clickhouse storefront-s3-raw storefront-iceberg-stage; do
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
  in_postgres=$(compose exec -T postgres psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "SELECT count(*) FROM $table")
  [ "$in_clickhouse" -gt 0 ] || fail "no rows in ClickHouse table $table yet"
  echo "ok  $table: $in_clickhouse rows in ClickHouse, $in_postgres in PostgreSQL (the difference: traffic in flight, and customers ValidateRow rejected)"
done
echo "ok  rejected rows: $(clickhouse "SELECT count() FROM ${CLICKHOUSE_DATABASE:-storefront}.rejected_rows FINAL")"

objects=$(compose exec -T minio sh -c \
  "mc alias set smoke http://localhost:9000 \"\$MINIO_ROOT_USER\" \"\$MINIO_ROOT_PASSWORD\" > /dev/null && mc ls --recursive smoke/${S3_BUCKET:-raw}/cdc/ | wc -l")
[ "$objects" -gt 0 ] || fail "no objects under s3://${S3_BUCKET:-raw}/cdc/ yet (files close after S3_FLUSH_SPAN_MS of record time)"
echo "ok  $objects objects under s3://${S3_BUCKET:-raw}/cdc/"

# ---- schema evolution under BACKWARD, on a subject of its own (deleted afterwards) ----
subject=cdcflow-smoke-value
schema_v1='{"type":"record","name":"Smoke","fields":[{"name":"id","type":"long"}]}'
# A new optional field with a default: readers of v2 can read v1 data.
schema_v2='{"type":"record","name":"Smoke","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}'
# A new field without a default: readers of v3 cannot read v2 data, so BACKWARD refuses it.
schema_v3='{"type":"record","name":"Smoke","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""},{"name":"amount","type":"long"}]}'
schema_body() {
  printf '{"schema":"%s"}' "${1//\"/\\\"}"
}
registry_post() {
  curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
    --data "$(schema_body "$2")" "$registry/$1"
}
curl -fsS -X DELETE "$registry/subjects/$subject" > /dev/null 2>&1 || true
curl -fsS -X DELETE "$registry/subjects/$subject?permanent=true" > /dev/null 2>&1 || true
[ "$(registry_post "subjects/$subject/versions" "$schema_v1")" = 200 ] || fail "registering v1 of $subject failed"
compatible=$(curl -fsS -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
  --data "$(schema_body "$schema_v2")" "$registry/compatibility/subjects/$subject/versions/latest")
grep -q '"is_compatible":true' <<< "$compatible" || fail "v2 (a field with a default) judged incompatible: $compatible"
[ "$(registry_post "subjects/$subject/versions" "$schema_v2")" = 200 ] || fail "registering the compatible v2 failed"
incompatible=$(curl -fsS -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
  --data "$(schema_body "$schema_v3")" "$registry/compatibility/subjects/$subject/versions/latest")
grep -q '"is_compatible":false' <<< "$incompatible" || fail "v3 (a field without a default) judged compatible: $incompatible"
[ "$(registry_post "subjects/$subject/versions" "$schema_v3")" = 409 ] || fail "the incompatible v3 was not refused with 409"
curl -fsS -X DELETE "$registry/subjects/$subject" > /dev/null
curl -fsS -X DELETE "$registry/subjects/$subject?permanent=true" > /dev/null
echo "ok  schema evolution: v1 registered, compatible v2 accepted, incompatible v3 refused (409) under BACKWARD"

# ---- Prometheus and Grafana ----
targets=$(curl -fsS "$prometheus/api/v1/targets?state=active")
grep -q '"health":"up"' <<< "$targets" || fail "no Prometheus target is up: $targets"
! grep -q '"health":"down"' <<< "$targets" || fail "a Prometheus target is down: $targets"
echo "ok  Prometheus targets up ($(grep -o '"job":"[a-z-]*"' <<< "$targets" | sort -u | tr '\n' ' '))"
for series in cdcflow_seeder_transactions_total cdcflow_clickhouse_rows_written_total cdcflow_s3_records_written_total \
    cdcflow_iceberg_stage_rows_committed_total kafka_connect_sink_records_lag; do
  result=$(curl -fsS "$prometheus/api/v1/query?query=$series")
  grep -q '"value"' <<< "$result" || fail "Prometheus has no $series yet: $result"
done
echo "ok  Prometheus has the plugins' series"
curl -fsS -u "${GRAFANA_ADMIN_USER:-admin}:$GRAFANA_ADMIN_PASSWORD" "$grafana/api/dashboards/uid/cdcflow-pipeline" \
  | grep -q '"title":"cdcflow pipeline"' || fail "Grafana has no provisioned cdcflow-pipeline dashboard"
echo "ok  Grafana serves the cdcflow pipeline dashboard"

# ---- Kafka itself: a topic of its own, produced to and consumed from, kept across a broker restart ----
topic=cdcflow-smoke
kafka_tool() {
  compose exec -T kafka "$@"
}
kafka_tool kafka-topics --bootstrap-server localhost:29092 --delete --topic "$topic" > /dev/null 2>&1 || true
kafka_tool kafka-topics --bootstrap-server localhost:29092 --create --if-not-exists --topic "$topic" \
  --partitions 1 --replication-factor "${TOPIC_REPLICATION_FACTOR:-1}" > /dev/null || fail "creating topic $topic failed"
printf 'one\ntwo\nthree\n' | kafka_tool kafka-console-producer --bootstrap-server localhost:29092 --topic "$topic" \
  > /dev/null || fail "producing to $topic failed"
consume() {
  kafka_tool kafka-console-consumer --bootstrap-server localhost:29092 --topic "$topic" --from-beginning \
    --max-messages 3 --timeout-ms 30000 2> /dev/null | tr '\n' ' '
}
[ "$(consume)" = "one two three " ] || fail "consuming $topic did not give back one two three"
echo "ok  Kafka: topic $topic created, three messages produced and consumed"
compose restart kafka > /dev/null
for _ in $(seq 1 60); do
  kafka_tool kafka-broker-api-versions --bootstrap-server localhost:29092 > /dev/null 2>&1 && break
  sleep 2
done
[ "$(consume)" = "one two three " ] || fail "after the broker restart, $topic no longer holds one two three"
kafka_tool kafka-topics --bootstrap-server localhost:29092 --delete --topic "$topic" > /dev/null
echo "ok  Kafka: after a broker restart the messages are still there (topic deleted again)"
