-- Migration 2: the least-privilege PostgreSQL role Debezium connects as, and the publication it reads.
-- Debezium needs: LOGIN and REPLICATION (to open a logical replication slot), CONNECT on the database, USAGE on the
-- schema and SELECT on the captured tables (for the initial snapshot). It does not own the tables, so it cannot
-- create the publication itself: the template sets publication.autocreate.mode=disabled and this file creates it.
-- The placeholders are settings of .env, filled in by connect-init (PostgresMigrations): names are checked to be
-- plain lower-case identifiers, passwords escaped for a string literal. Safe to run again.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DEBEZIUM_DB_USER}') THEN
        CREATE ROLE "${DEBEZIUM_DB_USER}";
    END IF;
END
$$;
ALTER ROLE "${DEBEZIUM_DB_USER}" WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE
    PASSWORD '${DEBEZIUM_DB_PASSWORD}';

GRANT CONNECT ON DATABASE "${POSTGRES_DB}" TO "${DEBEZIUM_DB_USER}";
GRANT USAGE ON SCHEMA public TO "${DEBEZIUM_DB_USER}";
GRANT SELECT ON customers, products, orders, order_items TO "${DEBEZIUM_DB_USER}";

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '${DEBEZIUM_PUBLICATION}') THEN
        CREATE PUBLICATION "${DEBEZIUM_PUBLICATION}" FOR TABLE customers, products, orders, order_items;
    END IF;
END
$$;
