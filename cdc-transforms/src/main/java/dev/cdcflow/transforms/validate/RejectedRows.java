package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.RejectedRowContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds rejected-row records: where the row came from, its key, one entry per problem, and the original payload
 * as JSON, so that a person can see what was wrong and replay the row once it is fixed.
 */
public final class RejectedRows {

    public static final String SCHEMA_NAME = RejectedRowContract.SCHEMA_NAME;

    public static final Schema PROBLEM_SCHEMA = RejectedRowContract.PROBLEM_SCHEMA;

    public static final Schema SCHEMA = RejectedRowContract.SCHEMA;

    private final JsonConverter json = new JsonConverter();

    RejectedRows() {
        json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
    }

    /** The rejected-row record for {@code record}, on {@code topic}, keeping the record's key. */
    <R extends ConnectRecord<R>> R toRejected(R record, String topic, List<Problem> problems) {
        SinkRecord sink = record instanceof SinkRecord sinkRecord ? sinkRecord : null;
        Struct rejected = new Struct(SCHEMA)
                .put("topic", sink != null ? sink.originalTopic() : record.topic())
                .put("partition", sink != null ? sink.originalKafkaPartition() : record.kafkaPartition())
                // The Kafka offset is known on the sink side only (before any topic-renaming transform).
                .put("offset", sink != null ? sink.originalKafkaOffset() : null)
                .put("timestamp", record.timestamp())
                .put("key", toJson(record.topic(), record.keySchema(), record.key()))
                .put("problems", toStructs(problems))
                .put("payload", toJson(record.topic(), record.valueSchema(), record.value()));
        return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(), SCHEMA, rejected,
                record.timestamp(), record.headers());
    }

    /** The problems as a JSON array, for headers and log lines. */
    String problemsJson(String topic, List<Problem> problems) {
        return toJson(topic, SchemaBuilder.array(PROBLEM_SCHEMA).build(), toStructs(problems));
    }

    void close() {
        json.close();
    }

    private static List<Struct> toStructs(List<Problem> problems) {
        List<Struct> structs = new ArrayList<>(problems.size());
        for (Problem problem : problems) {
            structs.add(new Struct(PROBLEM_SCHEMA)
                    .put("column", problem.column())
                    .put("expected", problem.expected())
                    .put("error_code", problem.code().name())
                    .put("observed", problem.observed())
                    .put("message", problem.message()));
        }
        return structs;
    }

    private String toJson(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return new String(json.fromConnectData(topic, schema, value), StandardCharsets.UTF_8);
    }
}
