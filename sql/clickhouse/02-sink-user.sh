#!/bin/bash
# The ClickHouse sinks' own user: it can read, write, create and alter the tables of its databases (the storefront's,
# and the batch jobs') and nothing else
# (no other database, no users or grants, no system settings). Compose only: the ClickHouse image runs this at first
# start, after 01-storefront.sql, as the administrator CLICKHOUSE_USER; the local stack's ClickHouse (18.16) has no
# SQL-managed users, and its sink writes as the default user.
# system.mutations: the sink waits there for the mutations of its offset table (system.tables and system.columns
# show every user the tables it may use).
set -euo pipefail
clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE USER IF NOT EXISTS \`${CLICKHOUSE_SINK_USER}\` IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_SINK_PASSWORD//\'/\'\'}';
GRANT SELECT, INSERT, ALTER, CREATE TABLE, CREATE DATABASE ON \`${CLICKHOUSE_DATABASE}\`.* TO \`${CLICKHOUSE_SINK_USER}\`;
GRANT SELECT, INSERT, ALTER, CREATE TABLE, CREATE DATABASE ON \`${BATCH_CLICKHOUSE_DATABASE:-batch}\`.* TO \`${CLICKHOUSE_SINK_USER}\`;
GRANT SELECT ON system.mutations TO \`${CLICKHOUSE_SINK_USER}\`;
SQL
echo "ClickHouse user ${CLICKHOUSE_SINK_USER}: tables of ${CLICKHOUSE_DATABASE} and ${BATCH_CLICKHOUSE_DATABASE:-batch} only"
