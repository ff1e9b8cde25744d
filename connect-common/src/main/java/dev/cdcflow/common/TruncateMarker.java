package dev.cdcflow.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The record FlattenChangeEvent makes of a truncate event (truncate.handling=pass), and that the sinks act on: a row
 * of only the metadata fields, op 't', whose version is the truncate's position in the source's log. Its schema
 * carries a parameter that says so, declared here once, so the transform and the sinks change together.
 */
public final class TruncateMarker {

    /** The schema parameter that marks a truncate. */
    public static final String PARAMETER = "dev.cdcflow.marker";
    private static final String TRUNCATE = "truncate";

    private TruncateMarker() {
    }

    /** Marks the schema being built as a truncate marker's. */
    public static SchemaBuilder mark(SchemaBuilder schema) {
        return schema.parameter(PARAMETER, TRUNCATE);
    }

    /** Whether values of {@code schema} are truncate markers. */
    public static boolean is(Schema schema) {
        return schema != null && schema.parameters() != null && TRUNCATE.equals(schema.parameters().get(PARAMETER));
    }
}
