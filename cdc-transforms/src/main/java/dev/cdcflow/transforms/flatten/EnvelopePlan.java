package dev.cdcflow.transforms.flatten;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Everything derived from one change-event value schema, computed once and cached: whether it is a Debezium
 * envelope, where its parts are, the flat row schema, and per table the event-date candidates.
 */
final class EnvelopePlan {

    static final String OP = "op";
    static final String BEFORE = "before";
    static final String AFTER = "after";
    static final String SOURCE = "source";

    /** The plan of a schema that is not a change-event envelope. */
    static final EnvelopePlan NOT_AN_ENVELOPE = new EnvelopePlan(null, null, null, null, null, null, null, null);

    final Field op;
    final Field before;
    final Field after;
    final Field source;
    final FlatRowSchema row;
    final FlatRowSchema truncateMarker;
    final SourceBlock sourceBlock;
    private final EventDateResolver eventDates;
    private final Map<String, List<EventDateResolver.Candidate>> eventDatePlans = new HashMap<>();

    private EnvelopePlan(Field op, Field before, Field after, Field source, FlatRowSchema row,
                         FlatRowSchema truncateMarker, SourceBlock sourceBlock, EventDateResolver eventDates) {
        this.op = op;
        this.before = before;
        this.after = after;
        this.source = source;
        this.row = row;
        this.truncateMarker = truncateMarker;
        this.sourceBlock = sourceBlock;
        this.eventDates = eventDates;
    }

    /** The plan for values of {@code schema}: an envelope has a string 'op' and struct 'before' and 'after'. */
    static EnvelopePlan of(Schema schema, FlattenSettings settings) {
        if (schema.type() != Schema.Type.STRUCT) {
            return NOT_AN_ENVELOPE;
        }
        Field op = schema.field(OP);
        Field before = schema.field(BEFORE);
        Field after = schema.field(AFTER);
        if (op == null || op.schema().type() != Schema.Type.STRING || before == null || after == null
                || after.schema().type() != Schema.Type.STRUCT) {
            return NOT_AN_ENVELOPE;
        }
        Field source = schema.field(SOURCE);
        FlatRowSchema row = FlatRowSchema.of(after.schema(), settings.names(), settings.normalizer());
        FlatRowSchema truncateMarker = FlatRowSchema.truncateMarker(markerName(schema), settings.names());
        return new EnvelopePlan(op, before, after, source, row, truncateMarker,
                SourceBlock.of(source == null ? null : source.schema(), settings.versionSourceFields()),
                settings.eventDates());
    }

    boolean isEnvelope() {
        return op != null;
    }

    /** The event-date candidates of {@code table} in the flat row schema. */
    List<EventDateResolver.Candidate> eventDatePlan(String table) {
        return eventDatePlans.computeIfAbsent(table == null ? "" : table,
                key -> eventDates.plan(row.schema(), key));
    }

    private static String markerName(Schema envelope) {
        String name = envelope.name() == null ? "" : envelope.name();
        return (name.endsWith(".Envelope") ? name.substring(0, name.length() - ".Envelope".length()) : name)
                + ".Truncate";
    }
}
