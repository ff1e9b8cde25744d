package dev.cdcflow.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Records about a table rather than rows of it, which travel in the table's topic in order with its rows, and which
 * the sinks act on; declared here once, so the transforms that make them and the sinks that read them change together.
 * Their schema carries a parameter that says which they are.
 *
 * <ul>
 * <li>A truncate marker: FlattenChangeEvent's record of a truncate event (truncate.handling=pass), a row of only the
 * metadata fields, op 't', whose version is the truncate's position in the source's log.</li>
 * <li>A column change: RouteColumnChanges' record of a row of the column-change table the source's event trigger
 * fills (sql/postgres/V6__column_changes_capture.sql): a column of the table renamed, added, dropped or retyped.</li>
 * </ul>
 */
public final class ChangeMarkers {

    /** The schema parameter that marks a record about its table. */
    public static final String PARAMETER = "dev.cdcflow.marker";
    private static final String TRUNCATE = "truncate";
    private static final String COLUMN_CHANGE = "column_change";

    /** A column change: what changed (rename_column, add_column, drop_column, alter_type), where, and to what. */
    public static final Schema COLUMN_CHANGE_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.ColumnChange")
            .parameter(PARAMETER, COLUMN_CHANGE)
            .field("change", Schema.STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("column", Schema.STRING_SCHEMA)
            .field("new_name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    public static final String RENAME_COLUMN = "rename_column";

    private ChangeMarkers() {
    }

    /** Marks the schema being built as a truncate marker's. */
    public static SchemaBuilder markTruncate(SchemaBuilder schema) {
        return schema.parameter(PARAMETER, TRUNCATE);
    }

    /** Whether values of {@code schema} are truncate markers. */
    public static boolean isTruncate(Schema schema) {
        return TRUNCATE.equals(kind(schema));
    }

    /** Whether values of {@code schema} are column changes ({@link #COLUMN_CHANGE_SCHEMA}). */
    public static boolean isColumnChange(Schema schema) {
        return COLUMN_CHANGE.equals(kind(schema));
    }

    /** Whether values of {@code schema} are about a table rather than rows of it. */
    public static boolean isMarker(Schema schema) {
        return kind(schema) != null;
    }

    /** A rename's old and new column name, or null when {@code change} is another change. */
    public static String[] rename(Struct change) {
        return RENAME_COLUMN.equals(change.getString("change"))
                ? new String[] {change.getString("column"), change.getString("new_name")} : null;
    }

    private static String kind(Schema schema) {
        return schema == null || schema.parameters() == null ? null : schema.parameters().get(PARAMETER);
    }
}
