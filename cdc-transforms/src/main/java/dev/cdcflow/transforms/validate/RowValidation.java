package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.ChangeMarkers;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates records and does with the invalid ones what {@code on.invalid} says. Valid records pass unchanged, and so
 * do deletes (rows whose deleted flag is 1) and records about the table (a truncate, a column change): a delete must
 * reach the target whatever its before-image holds (under the default replica identity only its key is there), and a
 * record about the table has no row to check.
 */
public final class RowValidation {

    private static final Logger LOG = LoggerFactory.getLogger(RowValidation.class);
    private static final int MESSAGES_IN_EXCEPTION = 3;

    private final RowValidator validator;
    private final InvalidRowHandling onInvalid;
    private final String rejectedSuffix;
    private final String headerPrefix;
    private final String deletedField;
    private final RejectedRows rejectedRows = new RejectedRows();
    private final ValidationMetrics metrics = new ValidationMetrics();

    public RowValidation(ValidateConfig config) {
        this(config, Clock.systemUTC());
    }

    RowValidation(ValidateConfig config, Clock clock) {
        this.validator = new RowValidator(config.rules(clock), config.schemaCacheSize());
        this.onInvalid = config.onInvalid();
        this.rejectedSuffix = config.rejectedTopicSuffix();
        this.headerPrefix = config.headerPrefix();
        this.deletedField = config.deletedField();
    }

    public <R extends ConnectRecord<R>> R apply(R record) {
        if (isDelete(record.value()) || ChangeMarkers.isMarker(record.valueSchema())) {
            return record;
        }
        List<Problem> problems = validator.validate(record.topic(), record.value());
        if (problems.isEmpty()) {
            metrics.valid();
            return record;
        }
        metrics.invalid(problems);
        switch (onInvalid) {
            case ROUTE:
                metrics.routed();
                return rejectedRows.toRejected(record, record.topic() + rejectedSuffix, problems);
            case DROP:
                metrics.dropped();
                LOG.warn("Dropped an invalid row from {} (on.invalid=drop): {}", record.topic(), summary(problems));
                return null;
            case MARK:
                R marked = record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                        record.valueSchema(), record.value(), record.timestamp(), record.headers().duplicate());
                marked.headers().addBoolean(headerPrefix + "valid", false);
                marked.headers().addString(headerPrefix + "problems",
                        rejectedRows.problemsJson(record.topic(), problems));
                return marked;
            case FAIL:
            default:
                throw new DataException("Invalid row on " + record.topic() + ": " + summary(problems));
        }
    }

    /** Publishes the counts over JMX (see {@link ValidationMetrics}); {@link #close()} withdraws them. */
    public void publishMetrics() {
        metrics.publish();
    }

    ValidationMetrics metrics() {
        return metrics;
    }

    public void close() {
        validator.clear();
        rejectedRows.close();
        metrics.close();
    }

    private boolean isDelete(Object row) {
        if (deletedField == null) {
            return false;
        }
        Object flag = null;
        if (row instanceof Struct struct) {
            Field field = struct.schema().field(deletedField);
            flag = field == null ? null : struct.get(field);
        } else if (row instanceof Map<?, ?> map) {
            flag = map.get(deletedField);
        }
        return flag instanceof Number number && number.intValue() == 1;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(problems.size(), MESSAGES_IN_EXCEPTION); i++) {
            Problem problem = problems.get(i);
            text.append(i == 0 ? "" : "; ").append(problem.code()).append(": ").append(problem.message());
        }
        if (problems.size() > MESSAGES_IN_EXCEPTION) {
            text.append("; and ").append(problems.size() - MESSAGES_IN_EXCEPTION).append(" more");
        }
        return text.toString();
    }
}
