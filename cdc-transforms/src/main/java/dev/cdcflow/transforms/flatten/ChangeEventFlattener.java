package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.IdentityCache;
import dev.cdcflow.transforms.flatten.FlattenOptions.DeleteHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.NonEnvelopeHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.TombstoneHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.TruncateHandling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Debezium change events into flat rows with CDC metadata. Schema'd records ({@link Struct} values) get a
 * derived schema, cached per input schema; schemaless records ({@link Map} values) get a map with the same fields.
 */
public final class ChangeEventFlattener {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventFlattener.class);
    private static final String CREATE = "c";
    private static final String UPDATE = "u";
    private static final String DELETE = "d";
    private static final String READ = "r";
    private static final String TRUNCATE = "t";
    /** The version of a snapshot read with snapshot.version=lowest: below every streamed change. */
    private static final long LOWEST_VERSION = 0L;

    private final DeleteHandling deleteHandling;
    private final TombstoneHandling tombstoneHandling;
    private final TruncateHandling truncateHandling;
    private final NonEnvelopeHandling nonEnvelopeHandling;
    private final FlattenSettings settings;
    private final MetadataFieldNames names;
    private final boolean eventDateWanted;
    private final IdentityCache<Schema, EnvelopePlan> plans;
    private final SourceBlock schemalessSource;

    private final boolean snapshotReadsLowest;

    public ChangeEventFlattener(FlattenConfig config) {
        this.deleteHandling = config.deleteHandling();
        this.tombstoneHandling = config.tombstoneHandling();
        this.truncateHandling = config.truncateHandling();
        this.nonEnvelopeHandling = config.nonEnvelopeHandling();
        this.snapshotReadsLowest = config.snapshotVersion() == FlattenOptions.SnapshotVersion.LOWEST;
        this.settings = FlattenSettings.of(config);
        this.names = settings.names();
        this.eventDateWanted = MetadataFieldNames.enabled(names.eventDate())
                || MetadataFieldNames.enabled(names.eventDateSource());
        this.plans = new IdentityCache<>(config.schemaCacheSize());
        this.schemalessSource = SourceBlock.of(null, settings.versionSourceFields());
    }

    /** The flat row for {@code record}, or null when the record is dropped. */
    public <R extends ConnectRecord<R>> R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return tombstoneHandling == TombstoneHandling.PASS ? record : null;
        }
        if (value instanceof Struct envelope) {
            return applyToStruct(record, envelope);
        }
        if (value instanceof Map<?, ?> envelope) {
            return applyToMap(record, envelope);
        }
        return notAnEnvelope(record, "its value is a " + value.getClass().getSimpleName());
    }

    public void close() {
        plans.clear();
    }

    private <R extends ConnectRecord<R>> R applyToStruct(R record, Struct envelope) {
        EnvelopePlan plan = plans.computeIfAbsent(envelope.schema(), schema -> EnvelopePlan.of(schema, settings));
        if (!plan.isEnvelope()) {
            return notAnEnvelope(record, "its schema " + envelope.schema().name() + " has no op/before/after");
        }
        String op = (String) envelope.get(plan.op);
        Struct source = plan.source == null ? null : (Struct) envelope.get(plan.source);
        return switch (actionFor(op)) {
            case AFTER_IMAGE -> withValue(record, flatRow(record, plan, op, (Struct) envelope.get(plan.after), source));
            case BEFORE_IMAGE -> withValue(record, flatRow(record, plan, op, (Struct) envelope.get(plan.before),
                    source));
            case DROP -> null;
            case TOMBSTONE -> tombstone(record);
            case TRUNCATE_DROPPED -> truncateDropped(record, plan.sourceBlock.table(source));
            case TRUNCATE_MARKER -> truncateMarker(record, plan, source);
            case NOT_AN_ENVELOPE -> notAnEnvelope(record, "its op is '" + op + "'");
        };
    }

    /** What a change event with {@code op} becomes, per the configured handling: the one place that decides. */
    private Action actionFor(String op) {
        switch (op == null ? "" : op) {
            case CREATE, UPDATE, READ:
                return Action.AFTER_IMAGE;
            case DELETE:
                return switch (deleteHandling) {
                    case REWRITE -> Action.BEFORE_IMAGE;
                    case DROP -> Action.DROP;
                    case TOMBSTONE -> Action.TOMBSTONE;
                };
            case TRUNCATE:
                return truncateHandling == TruncateHandling.DROP ? Action.TRUNCATE_DROPPED : Action.TRUNCATE_MARKER;
            default:
                return Action.NOT_AN_ENVELOPE;
        }
    }

    private enum Action {
        AFTER_IMAGE, BEFORE_IMAGE, DROP, TOMBSTONE, TRUNCATE_DROPPED, TRUNCATE_MARKER, NOT_AN_ENVELOPE
    }

    private <R extends ConnectRecord<R>> Struct flatRow(R record, EnvelopePlan plan, String op, Struct row,
                                                        Struct source) {
        if (row == null) {
            throw new DataException(missingRowMessage(record, op));
        }
        FlatRowSchema schema = plan.row;
        // Only creates and updates can lack a value: snapshot reads and before-images are whole.
        Struct flat = schema.copyRow(row, CREATE.equals(op) || UPDATE.equals(op) ? settings.unavailable() : null);
        fillMetadata(flat, schema, record, plan, op, source);
        if (eventDateWanted) {
            EventDateResolver.EventDate date = settings.eventDates().resolve(
                    plan.eventDatePlan(plan.sourceBlock.table(source)), flat, plan.sourceBlock.tsMs(source),
                    record.timestamp());
            putEventDate(flat, schema, date, record);
        }
        return flat;
    }

    private static <R extends ConnectRecord<R>> R truncateDropped(R record, String table) {
        LOG.info("Dropped a TRUNCATE of table {} from topic {} (truncate.handling=drop)", table, record.topic());
        return null;
    }

    private static <R extends ConnectRecord<R>> R tombstone(R record) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null, null,
                record.timestamp(), record.headers());
    }

    private <R extends ConnectRecord<R>> R truncateMarker(R record, EnvelopePlan plan, Struct source) {
        FlatRowSchema schema = plan.truncateMarker;
        Struct marker = new Struct(schema.schema());
        fillMetadata(marker, schema, record, plan, TRUNCATE, source);
        if (eventDateWanted) {
            putEventDate(marker, schema, settings.eventDates().resolve(List.of(), marker,
                    plan.sourceBlock.tsMs(source), record.timestamp()), record);
        }
        return withValue(record, marker);
    }

    private <R extends ConnectRecord<R>> void fillMetadata(Struct flat, FlatRowSchema schema, R record,
                                                           EnvelopePlan plan, String op, Struct source) {
        FlatRowSchema.putIfEnabled(flat, schema.op, op);
        if (schema.version != null) {
            flat.put(schema.version, snapshotRead(op) ? LOWEST_VERSION : plan.sourceBlock.version(source,
                    record.topic()));
        }
        FlatRowSchema.putIfEnabled(flat, schema.deleted, DELETE.equals(op) ? (byte) 1 : (byte) 0);
        FlatRowSchema.putIfEnabled(flat, schema.sourceTs, plan.sourceBlock.tsMs(source));
    }

    private boolean snapshotRead(String op) {
        return snapshotReadsLowest && READ.equals(op);
    }

    private static <R extends ConnectRecord<R>> void putEventDate(Struct flat, FlatRowSchema schema,
                                                                  EventDateResolver.EventDate date, R record) {
        if (date == null) {
            throw new DataException("No event date for a record on " + record.topic()
                    + ": no event date field is set, and it has neither source.ts_ms nor a record timestamp");
        }
        FlatRowSchema.putIfEnabled(flat, schema.eventDate, date.asConnectDate());
        FlatRowSchema.putIfEnabled(flat, schema.eventDateSource, date.source());
    }

    private <R extends ConnectRecord<R>> R applyToMap(R record, Map<?, ?> envelope) {
        Object opValue = envelope.get(EnvelopePlan.OP);
        if (!(opValue instanceof String op) || !envelope.containsKey(EnvelopePlan.AFTER)) {
            return notAnEnvelope(record, "its map has no op/after");
        }
        Map<?, ?> source = envelope.get(EnvelopePlan.SOURCE) instanceof Map<?, ?> map ? map : null;
        Object row;
        switch (actionFor(op)) {
            case AFTER_IMAGE -> row = envelope.get(EnvelopePlan.AFTER);
            case BEFORE_IMAGE -> row = envelope.get(EnvelopePlan.BEFORE);
            case TRUNCATE_MARKER -> row = Map.of();
            case DROP -> {
                return null;
            }
            case TOMBSTONE -> {
                return tombstone(record);
            }
            case TRUNCATE_DROPPED -> {
                return truncateDropped(record, SourceBlock.table(source));
            }
            default -> {
                return notAnEnvelope(record, "its op is '" + op + "'");
            }
        }
        if (!(row instanceof Map<?, ?> rowMap)) {
            throw new DataException(missingRowMessage(record, op));
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        UnavailableValues unavailable = CREATE.equals(op) || UPDATE.equals(op) ? settings.unavailable() : null;
        List<String> unchanged = new ArrayList<>(0);
        rowMap.forEach((column, columnValue) -> {
            boolean missing = unavailable != null && columnValue != null && unavailable.isPlaceholder(columnValue);
            flat.put(String.valueOf(column), missing ? null : columnValue);
            if (missing) {
                unchanged.add(String.valueOf(column));
            }
        });
        putIfEnabled(flat, names.op(), op);
        if (MetadataFieldNames.enabled(names.version())) {
            flat.put(names.version(), snapshotRead(op) ? LOWEST_VERSION
                    : schemalessSource.version(source, record.topic()));
        }
        putIfEnabled(flat, names.deleted(), DELETE.equals(op) ? 1 : 0);
        putIfEnabled(flat, names.sourceTs(), SourceBlock.tsMs(source));
        putIfEnabled(flat, names.unchangedColumns(), unchanged.isEmpty() ? null : unchanged);
        if (eventDateWanted) {
            EventDateResolver.EventDate date = settings.eventDates().resolve(SourceBlock.table(source), rowMap,
                    SourceBlock.tsMs(source), record.timestamp());
            if (date == null) {
                throw new DataException("No event date for a record on " + record.topic());
            }
            // Schemaless rows carry the date as ISO text: there is no schema to say 'Date'.
            putIfEnabled(flat, names.eventDate(), date.date().toString());
            putIfEnabled(flat, names.eventDateSource(), date.source());
        }
        return withValue(record, null, flat);
    }

    private static void putIfEnabled(Map<String, Object> flat, String name, Object value) {
        if (MetadataFieldNames.enabled(name)) {
            flat.put(name, value);
        }
    }

    private <R extends ConnectRecord<R>> R notAnEnvelope(R record, String why) {
        if (nonEnvelopeHandling == NonEnvelopeHandling.PASS) {
            return record;
        }
        throw new DataException("Record on " + record.topic() + " is not a Debezium change event (" + why
                + "); set non.envelope.handling=pass to let such records through");
    }

    private static <R extends ConnectRecord<R>> R withValue(R record, Struct value) {
        return withValue(record, value.schema(), value);
    }

    private static <R extends ConnectRecord<R>> R withValue(R record, Schema schema, Object value) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                value, record.timestamp(), record.headers());
    }

    private static String missingRowMessage(ConnectRecord<?> record, String op) {
        return DELETE.equals(op)
                ? "Delete event on " + record.topic() + " has no before-image, not even its key (the table's "
                        + "REPLICA IDENTITY is NOTHING): set REPLICA IDENTITY DEFAULT (with a primary key) or FULL, or "
                        + "delete.handling=tombstone"
                : "Change event (op '" + op + "') on " + record.topic() + " has no 'after' row";
    }
}
