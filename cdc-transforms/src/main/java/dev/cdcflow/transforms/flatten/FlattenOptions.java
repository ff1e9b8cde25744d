package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.common.config.EnumOption.Described;

/** The enumerated options of {@code FlattenChangeEvent}; each value documents itself. */
public final class FlattenOptions {

    private FlattenOptions() {
    }

    /** What a delete event ({@code op = d}) becomes. */
    public enum DeleteHandling implements Described {
        REWRITE, DROP, TOMBSTONE;

        @Override
        public String description() {
            return switch (this) {
                case REWRITE -> "the before-image as a row, with the deleted flag 1 (what a ReplacingMergeTree or a "
                        + "lake table needs)";
                case DROP -> "nothing: the event is dropped";
                case TOMBSTONE -> "a tombstone: the record key with a null value";
            };
        }
    }

    /** What Debezium's tombstone (the null-valued record after a delete) becomes. */
    public enum TombstoneHandling implements Described {
        DROP, PASS;

        @Override
        public String description() {
            return switch (this) {
                case DROP -> "dropped";
                case PASS -> "passed on unchanged";
            };
        }
    }

    /** What a truncate event ({@code op = t}) becomes. */
    public enum TruncateHandling implements Described {
        DROP, PASS;

        @Override
        public String description() {
            return switch (this) {
                case DROP -> "dropped, with a log line naming the table";
                case PASS -> "a marker record that holds only the metadata fields, with op 't'";
            };
        }
    }

    /** What a record that is not a change event (heartbeat, schema change, plain row) becomes. */
    public enum NonEnvelopeHandling implements Described {
        PASS, FAIL;

        @Override
        public String description() {
            return switch (this) {
                case PASS -> "passed on unchanged";
                case FAIL -> "a DataException, so the connector's errors.tolerance and dead letter queue apply";
            };
        }
    }

    /** How Debezium's time and timestamp types are expressed. */
    public enum TimePrecision implements Described {
        MILLIS, MICROS;

        @Override
        public String description() {
            return switch (this) {
                case MILLIS -> "Connect's Time and Timestamp logical types (java.util.Date, millisecond precision; "
                        + "finer digits are truncated)";
                case MICROS -> "int64 microseconds named io.debezium.time.MicroTime / io.debezium.time.MicroTimestamp, "
                        + "so a sink that knows them keeps microsecond precision (ClickHouse DateTime64(6), Avro "
                        + "timestamp-micros)";
            };
        }
    }

    /** How Debezium's VariableScaleDecimal (PostgreSQL NUMERIC without a scale) is expressed. */
    public enum VariableScaleDecimalHandling implements Described {
        DECIMAL, STRING;

        @Override
        public String description() {
            return switch (this) {
                case DECIMAL -> "Connect Decimal with the scale of variable.scale.decimal.scale, rounded half-even";
                case STRING -> "the exact value as a plain decimal string";
            };
        }
    }

    /** How Debezium's semantic string types (Json, Uuid, Enum, Xml, ...) are expressed. */
    public enum SemanticTypeHandling implements Described {
        STRING, KEEP;

        @Override
        public String description() {
            return switch (this) {
                case STRING -> "a plain string schema, with the Debezium name in the schema parameter '"
                        + SchemaNames.SEMANTIC_TYPE_PARAMETER + "' (and its other parameters kept)";
                case KEEP -> "Debezium's named schema, unchanged";
            };
        }
    }

    /** Which version a snapshot read ({@code op = r}) carries. */
    public enum SnapshotVersion implements Described {
        LOWEST, SOURCE;

        @Override
        public String description() {
            return switch (this) {
                case LOWEST -> "0, below every streamed change: a transaction that was open when the snapshot "
                        + "started is streamed after it with change LSNs below the snapshot's, and must still win. "
                        + "Snapshotting again into tables that already hold streamed rows then needs the tables "
                        + "emptied first (they would also keep rows deleted meanwhile)";
                case SOURCE -> "the version source field, as for streamed changes (the snapshot's LSN): a "
                        + "re-snapshot replaces older rows, but a change of a transaction open when the snapshot "
                        + "started can lose to the snapshot's row";
            };
        }
    }
}
