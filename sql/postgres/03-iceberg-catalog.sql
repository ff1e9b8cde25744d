-- The Iceberg stage's JDBC catalog: a database of its own, owned by a role of its own (not the superuser, not the
-- storefront's user). Iceberg's JdbcCatalog creates its tables there at first use. Reads the names and password
-- from the environment (ICEBERG_CATALOG_*), as 02-debezium.sql does.
\getenv catalog_db ICEBERG_CATALOG_DB
\getenv catalog_user ICEBERG_CATALOG_USER
\getenv catalog_password ICEBERG_CATALOG_PASSWORD

SELECT set_config('cdcflow.catalog_user', :'catalog_user', false);
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('cdcflow.catalog_user')) THEN
        EXECUTE format('CREATE ROLE %I', current_setting('cdcflow.catalog_user'));
    END IF;
END
$$;
ALTER ROLE :"catalog_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'catalog_password';

SELECT format('CREATE DATABASE %I OWNER %I', :'catalog_db', :'catalog_user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'catalog_db') \gexec
