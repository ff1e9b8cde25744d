-- The least-privilege PostgreSQL role Debezium connects as, and the publication it reads.
-- Runs after 01-storefront-schema.sql: the Compose stack's PostgreSQL at first start (psql 15 or later, for
-- \getenv), the local stack before it registers Debezium. Safe to run again.
--
-- Debezium needs: LOGIN and REPLICATION (to open a logical replication slot), CONNECT on the database, USAGE on the
-- schema and SELECT on the captured tables (for the initial snapshot). It does not own the tables, so it cannot
-- create the publication itself: the template sets publication.autocreate.mode=disabled and this file creates it.
-- Values come from the environment, with the names .env uses.

\getenv debezium_user DEBEZIUM_DB_USER
\getenv debezium_password DEBEZIUM_DB_PASSWORD
\getenv publication DEBEZIUM_PUBLICATION
\getenv database POSTGRES_DB

-- psql does not expand its variables inside dollar-quoted blocks: hand them over as session settings.
SELECT set_config('cdcflow.debezium_user', :'debezium_user', false),
       set_config('cdcflow.publication', :'publication', false);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('cdcflow.debezium_user')) THEN
        EXECUTE format('CREATE ROLE %I', current_setting('cdcflow.debezium_user'));
    END IF;
END
$$;
ALTER ROLE :"debezium_user" WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE
    PASSWORD :'debezium_password';

GRANT CONNECT ON DATABASE :"database" TO :"debezium_user";
GRANT USAGE ON SCHEMA public TO :"debezium_user";
GRANT SELECT ON customers, products, orders, order_items TO :"debezium_user";

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = current_setting('cdcflow.publication')) THEN
        EXECUTE format('CREATE PUBLICATION %I FOR TABLE customers, products, orders, order_items',
                       current_setting('cdcflow.publication'));
    END IF;
END
$$;
