-- The role the seeder writes as: it owns the storefront's tables and its own progress table, and nothing more (no
-- superuser, no CREATEDB or CREATEROLE, no replication, no access to the Iceberg catalog's database).
-- Runs after 01-storefront-schema.sql: the Compose stack's PostgreSQL at first start (psql 15 or later, for
-- \getenv), the local stack before it registers the seeder. Safe to run again. Values come from the environment,
-- with the names .env uses.
--
-- Owning the tables lets the seeder run the schema file itself (its CREATE TABLE IF NOT EXISTS and ALTER TABLE
-- REPLICA IDENTITY FULL) on a database where the tables already exist; CREATE on the schema lets it create them on
-- one where they do not.

\getenv seeder_user SEEDER_DB_USER
\getenv seeder_password SEEDER_DB_PASSWORD
\getenv database POSTGRES_DB

-- psql does not expand its variables inside dollar-quoted blocks: hand them over as a session setting.
SELECT set_config('cdcflow.seeder_user', :'seeder_user', false);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('cdcflow.seeder_user')) THEN
        EXECUTE format('CREATE ROLE %I', current_setting('cdcflow.seeder_user'));
    END IF;
END
$$;
ALTER ROLE :"seeder_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    PASSWORD :'seeder_password';

GRANT CONNECT ON DATABASE :"database" TO :"seeder_user";
GRANT USAGE, CREATE ON SCHEMA public TO :"seeder_user";
ALTER TABLE customers OWNER TO :"seeder_user";
ALTER TABLE products OWNER TO :"seeder_user";
ALTER TABLE orders OWNER TO :"seeder_user";
ALTER TABLE order_items OWNER TO :"seeder_user";
ALTER TABLE seeder_progress OWNER TO :"seeder_user";
