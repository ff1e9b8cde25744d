package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.config.EnumOption.Described;

/** The enumerated options of {@code FlattenChangeEvent}; each value documents itself. */
public final class FlattenOptions {

    private FlattenOptions() {
    }

    /** What a delete event ({@code op = d}) becomes. */
    public enum DeleteHandling implements Described {
        REWRITE("the before-image as a row, with the deleted flag 1 (what a ReplacingMergeTree or a lake table needs)"),
        DROP("nothing: the event is dropped"),
        TOMBSTONE("a tombstone: the record key with a null value");

        private final String description;

        DeleteHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** What Debezium's tombstone (the null-valued record after a delete) becomes. */
    public enum TombstoneHandling implements Described {
        DROP("dropped"),
        PASS("passed on unchanged");

        private final String description;

        TombstoneHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** What a truncate event ({@code op = t}) becomes. */
    public enum TruncateHandling implements Described {
        DROP("dropped, with a log line naming the table"),
        PASS("a marker record that holds only the metadata fields, with op 't'");

        private final String description;

        TruncateHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** What a record that is not a change event (heartbeat, schema change, plain row) becomes. */
    public enum NonEnvelopeHandling implements Described {
        PASS("passed on unchanged"),
        FAIL("a DataException, so the connector's errors.tolerance and dead letter queue apply");

        private final String description;

        NonEnvelopeHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** How Debezium's time and timestamp types are expressed. */
    public enum TimePrecision implements Described {
        MILLIS("Connect's Time and Timestamp logical types (java.util.Date, millisecond precision; finer digits "
                + "are truncated)"),
        MICROS("int64 microseconds named io.debezium.time.MicroTime / io.debezium.time.MicroTimestamp, so a sink "
                + "that knows them keeps microsecond precision (ClickHouse DateTime64(6), Avro timestamp-micros)");

        private final String description;

        TimePrecision(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** How Debezium's VariableScaleDecimal (PostgreSQL NUMERIC without a scale) is expressed. */
    public enum VariableScaleDecimalHandling implements Described {
        DECIMAL("Connect Decimal with the scale of variable.scale.decimal.scale, rounded half-even"),
        STRING("the exact value as a plain decimal string");

        private final String description;

        VariableScaleDecimalHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** How Debezium's semantic string types (Json, Uuid, Enum, Xml, ...) are expressed. */
    public enum SemanticTypeHandling implements Described {
        STRING("a plain string schema, with the Debezium name in the schema parameter "
                + "'" + TypeNormalizer.SEMANTIC_TYPE_PARAMETER + "' (and its other parameters kept)"),
        KEEP("Debezium's named schema, unchanged");

        private final String description;

        SemanticTypeHandling(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }
}
