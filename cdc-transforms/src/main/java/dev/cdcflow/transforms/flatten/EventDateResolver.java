package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.SchemaNames;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Finds a row's event date: the first non-null business timestamp field configured for its table, else the commit
 * time at the source, and says which one it used.
 */
final class EventDateResolver {

    static final String SOURCE_TS = "source.ts_ms";
    static final String RECORD_TIMESTAMP = "record.timestamp";
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** An event date and the field it came from. */
    record EventDate(LocalDate date, String source) {

        /** The date as Connect's Date logical type expects it: midnight UTC. */
        java.util.Date asConnectDate() {
            return new java.util.Date(date.toEpochDay() * MILLIS_PER_DAY);
        }
    }

    /** A candidate field of one flat schema, resolved to a field and a way to read a date from it. */
    record Candidate(String name, Field field, DateReader reader) {
    }

    @FunctionalInterface
    interface DateReader {
        LocalDate read(Object value);
    }

    private final EventDateFields fields;
    private final ZoneId zone;

    EventDateResolver(EventDateFields fields, ZoneId zone) {
        this.fields = fields;
        this.zone = zone;
    }

    /** The candidates of {@code table} that exist in {@code flatSchema}, resolved once; reuse the result. */
    List<Candidate> plan(Schema flatSchema, String table) {
        List<Candidate> candidates = new ArrayList<>();
        for (String name : fields.candidatesFor(table)) {
            Field field = flatSchema.field(name);
            if (field != null) {
                candidates.add(new Candidate(name, field, readerFor(field.schema())));
            }
        }
        return candidates;
    }

    EventDate resolve(List<Candidate> plan, Struct flatRow, Long sourceTsMs, Long recordTimestamp) {
        for (Candidate candidate : plan) {
            Object value = flatRow.get(candidate.field());
            if (value != null) {
                return new EventDate(read(candidate.name(), value, candidate.reader()), candidate.name());
            }
        }
        return fallback(sourceTsMs, recordTimestamp);
    }

    /** For schemaless rows: candidates are looked up by name and read by their Java type. */
    EventDate resolve(String table, Map<?, ?> row, Long sourceTsMs, Long recordTimestamp) {
        for (String name : fields.candidatesFor(table)) {
            Object value = row.get(name);
            if (value != null) {
                return new EventDate(read(name, value, this::readUntyped), name);
            }
        }
        return fallback(sourceTsMs, recordTimestamp);
    }

    private static LocalDate read(String field, Object value, DateReader reader) {
        try {
            return reader.read(value);
        } catch (DateTimeParseException | ClassCastException e) {
            throw new DataException("Event date field '" + field + "' holds '" + value + "', which is not a date or "
                    + "timestamp; fix the value or the event.date.fields config", e);
        }
    }

    private EventDate fallback(Long sourceTsMs, Long recordTimestamp) {
        if (sourceTsMs != null) {
            return new EventDate(dateOfMillis(sourceTsMs), SOURCE_TS);
        }
        if (recordTimestamp != null) {
            return new EventDate(dateOfMillis(recordTimestamp), RECORD_TIMESTAMP);
        }
        return null;
    }

    private DateReader readerFor(Schema schema) {
        String name = schema.name() == null ? "" : schema.name();
        return switch (name) {
            // A Connect Date is midnight UTC of its day, whatever the zone.
            case org.apache.kafka.connect.data.Date.LOGICAL_NAME ->
                    value -> LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY));
            case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME ->
                    value -> dateOfMillis(((java.util.Date) value).getTime());
            case SchemaNames.DEBEZIUM_MICRO_TIMESTAMP -> value -> dateOfMillis(Math.floorDiv((Long) value, 1_000L));
            default -> this::readUntyped;
        };
    }

    /**
     * A date from a value whose type says nothing about its unit: ISO-8601 strings (with or without offset; a local
     * date-time counts as UTC), and epoch numbers, whose unit is told by size (seconds before 1e11 are not taken:
     * below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds).
     */
    private LocalDate readUntyped(Object value) {
        if (value instanceof java.util.Date date) {
            return dateOfMillis(date.getTime());
        }
        if (value instanceof Number number) {
            long epoch = number.longValue();
            long abs = Math.abs(epoch);
            long millis = abs < 100_000_000_000_000L ? epoch
                    : abs < 100_000_000_000_000_000L ? Math.floorDiv(epoch, 1_000L) : Math.floorDiv(epoch, 1_000_000L);
            return dateOfMillis(millis);
        }
        String text = value.toString();
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneOffset.UTC).withZoneSameInstant(zone)
                        .toLocalDate();
            } catch (DateTimeParseException notLocal) {
                return LocalDate.parse(text);
            }
        }
    }

    private LocalDate dateOfMillis(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
    }
}
