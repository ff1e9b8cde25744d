-- Migration 6: column changes recorded in a table Debezium captures, in order with the rows.
-- PostgreSQL's change stream carries no DDL: to Debezium a renamed column looks like one column dropped and another
-- added, and a sink would leave the old rows' values under the old name. An event trigger at the end of every
-- ALTER TABLE compares each altered table's columns with the ones it saw last, by their position (attnum, which a
-- rename keeps), and records what changed in cdcflow_column_changes, in the ALTER's own transaction. Debezium's
-- template routes those rows (dev.cdcflow.transforms.RouteColumnChanges) into the altered table's topic, where they
-- sit between the rows written before and after the change; the ClickHouse sink acts on a rename.
-- Installing an event trigger needs a superuser (as this migration runs). Safe to run again.

CREATE TABLE IF NOT EXISTS cdcflow_column_changes (
    id          BIGSERIAL PRIMARY KEY,
    schema_name TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    change      TEXT NOT NULL,           -- rename_column, add_column, drop_column or alter_type
    column_name TEXT NOT NULL,           -- the column's name before the change
    new_name    TEXT,                    -- its name after a rename
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The columns as the trigger last saw them, per table.
CREATE TABLE IF NOT EXISTS cdcflow_known_columns (
    table_oid   OID NOT NULL,
    attnum      SMALLINT NOT NULL,
    column_name TEXT NOT NULL,
    type_oid    OID NOT NULL,
    PRIMARY KEY (table_oid, attnum)
);

CREATE OR REPLACE FUNCTION cdcflow_record_column_changes() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    altered RECORD;
    change RECORD;
BEGIN
    FOR altered IN
        SELECT DISTINCT c.oid, n.nspname, c.relname
        FROM pg_event_trigger_ddl_commands() d
        JOIN pg_class c ON c.oid = d.objid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE d.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p')
          AND c.relname NOT IN ('cdcflow_column_changes', 'cdcflow_known_columns')
    LOOP
        IF EXISTS (SELECT 1 FROM cdcflow_known_columns WHERE table_oid = altered.oid) THEN
            FOR change IN
                SELECT k.column_name AS before_name, a.attname::text AS after_name, a.attisdropped AS dropped,
                       a.atttypid <> k.type_oid AS retyped
                FROM cdcflow_known_columns k
                JOIN pg_attribute a ON a.attrelid = k.table_oid AND a.attnum = k.attnum
                WHERE k.table_oid = altered.oid
            LOOP
                IF change.dropped THEN
                    INSERT INTO cdcflow_column_changes (schema_name, table_name, change, column_name)
                    VALUES (altered.nspname, altered.relname, 'drop_column', change.before_name);
                ELSIF change.after_name <> change.before_name THEN
                    INSERT INTO cdcflow_column_changes (schema_name, table_name, change, column_name, new_name)
                    VALUES (altered.nspname, altered.relname, 'rename_column', change.before_name, change.after_name);
                ELSIF change.retyped THEN
                    INSERT INTO cdcflow_column_changes (schema_name, table_name, change, column_name)
                    VALUES (altered.nspname, altered.relname, 'alter_type', change.before_name);
                END IF;
            END LOOP;
            INSERT INTO cdcflow_column_changes (schema_name, table_name, change, column_name)
            SELECT altered.nspname, altered.relname, 'add_column', a.attname
            FROM pg_attribute a
            WHERE a.attrelid = altered.oid AND a.attnum > 0 AND NOT a.attisdropped
              AND NOT EXISTS (SELECT 1 FROM cdcflow_known_columns k
                              WHERE k.table_oid = altered.oid AND k.attnum = a.attnum);
        END IF;
        DELETE FROM cdcflow_known_columns WHERE table_oid = altered.oid;
        INSERT INTO cdcflow_known_columns
        SELECT a.attrelid, a.attnum, a.attname, a.atttypid FROM pg_attribute a
        WHERE a.attrelid = altered.oid AND a.attnum > 0 AND NOT a.attisdropped;
    END LOOP;
END
$$;

-- Every table there is now, so that the first change of each is seen; later tables are added as they are created.
INSERT INTO cdcflow_known_columns
SELECT a.attrelid, a.attnum, a.attname, a.atttypid
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ON CONFLICT DO NOTHING;

DROP EVENT TRIGGER IF EXISTS cdcflow_column_changes;
CREATE EVENT TRIGGER cdcflow_column_changes ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION cdcflow_record_column_changes();

-- Debezium reads the changes like any captured table: SELECT for its snapshot, a place in its publication.
GRANT SELECT ON cdcflow_column_changes TO "${DEBEZIUM_DB_USER}";
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication_tables WHERE pubname = '${DEBEZIUM_PUBLICATION}'
                   AND tablename = 'cdcflow_column_changes') THEN
        ALTER PUBLICATION "${DEBEZIUM_PUBLICATION}" ADD TABLE cdcflow_column_changes;
    END IF;
END
$$;
