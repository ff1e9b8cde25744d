-- Migration 4: the role the seeder writes as. It owns the storefront's tables and its own progress table, and nothing
-- more (no superuser, no CREATEDB or CREATEROLE, no replication, no access to the Iceberg catalog's database).
-- Owning the tables lets the seeder run the schema file itself (its CREATE TABLE IF NOT EXISTS and ALTER TABLE
-- REPLICA IDENTITY FULL) on a database where the tables already exist; CREATE on the schema lets it create them on
-- one where they do not. (Migration 3, the Iceberg catalog's database, is a Java migration of connect-init:
-- CREATE DATABASE cannot run in a transaction nor be made conditional in plain SQL.) Safe to run again.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${SEEDER_DB_USER}') THEN
        CREATE ROLE "${SEEDER_DB_USER}";
    END IF;
END
$$;
ALTER ROLE "${SEEDER_DB_USER}" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    PASSWORD '${SEEDER_DB_PASSWORD}';

GRANT CONNECT ON DATABASE "${POSTGRES_DB}" TO "${SEEDER_DB_USER}";
GRANT USAGE, CREATE ON SCHEMA public TO "${SEEDER_DB_USER}";
ALTER TABLE customers OWNER TO "${SEEDER_DB_USER}";
ALTER TABLE products OWNER TO "${SEEDER_DB_USER}";
ALTER TABLE orders OWNER TO "${SEEDER_DB_USER}";
ALTER TABLE order_items OWNER TO "${SEEDER_DB_USER}";
ALTER TABLE seeder_progress OWNER TO "${SEEDER_DB_USER}";
