package dev.cdcflow.common;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The CDC metadata fields FlattenChangeEvent adds to each row: the transform's option that names each, its default
 * name and its Connect schema. Declared once, so the transform and the sinks that check a stage config against a
 * topic's schema agree on what a flattened row holds.
 */
public enum MetadataColumn {
    OP("op.field", CdcColumns.OP, Schema.STRING_SCHEMA),
    VERSION("version.field", CdcColumns.VERSION, Schema.INT64_SCHEMA),
    DELETED("deleted.field", CdcColumns.DELETED, Schema.INT8_SCHEMA),
    SOURCE_TS("source.ts.field", CdcColumns.SOURCE_TS_MS, Schema.OPTIONAL_INT64_SCHEMA),
    EVENT_DATE("event.date.field", CdcColumns.EVENT_DATE, Date.SCHEMA),
    EVENT_DATE_SOURCE("event.date.source.field", CdcColumns.EVENT_DATE_SOURCE, Schema.STRING_SCHEMA),
    UNCHANGED_COLUMNS("unchanged.columns.field", CdcColumns.UNCHANGED_COLUMNS,
            SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build());

    private final String option;
    private final String defaultName;
    private final Schema schema;

    MetadataColumn(String option, String defaultName, Schema schema) {
        this.option = option;
        this.defaultName = defaultName;
        this.schema = schema;
    }

    /** FlattenChangeEvent's option that names the field; an empty name leaves the field out. */
    public String option() {
        return option;
    }

    public String defaultName() {
        return defaultName;
    }

    public Schema schema() {
        return schema;
    }
}
