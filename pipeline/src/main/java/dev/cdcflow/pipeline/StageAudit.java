package dev.cdcflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * "Every change event below the offsets a stage table holds is in it exactly once", checked row by row: each change
 * event (Debezium's JSON, as the topics hold it) below the table's committed offsets is one change row, found by its
 * key, version and operation, whose audited columns ({@link PipelineAudit#COLUMNS}) hold the event's values (the
 * after image, the before image for a delete); a change is in the table as many times as its event is in the topic
 * (Debezium sends an event again after a crash of its worker, at another offset), and no row is there without its
 * event.
 */
final class StageAudit {

    /** A change row's identity: the key, the version (the change's LSN, 0 for a snapshot read) and the operation. */
    private record Change(String id, long version, String op) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 5;

    private final LocalStack stack;

    StageAudit(LocalStack stack) {
        this.stack = stack;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (StageTables.StageTable table : StageTables.read(stack)) {
            List<String> columns = PipelineAudit.COLUMNS.get(table.table());
            if (columns != null) {
                problems.addAll(problems(table, columns));
            }
        }
        return problems;
    }

    private List<String> problems(StageTables.StageTable table, List<String> columns) {
        String topic = StorefrontPipeline.TOPIC_PREFIX + ".public." + table.table();
        Map<Change, List<List<String>>> expected = new HashMap<>();
        for (ConsumerRecord<String, String> record : stack.kafka().readAll(topic)) {
            long committed = table.committedOffsets().getOrDefault(new TopicPartition(topic, record.partition()), 0L);
            if (record.value() != null && record.offset() < committed) {
                JsonNode event = read(record.value());
                JsonNode payload = event.path("payload");
                String op = payload.path("op").asText();
                String image = op.equals("d") ? "before" : "after";
                Map<String, JsonNode> schemas = fieldSchemas(event.path("schema"), image);
                List<String> values = new ArrayList<>();
                columns.forEach(column -> values.add(text(payload.path(image).path(column), schemas.get(column))));
                long version = op.equals("r") ? 0 : payload.path("source").path("lsn").asLong();
                expected.computeIfAbsent(new Change(values.get(0), version, op), unused -> new ArrayList<>())
                        .add(values);
            }
        }
        Map<Change, List<List<String>>> actual = new HashMap<>();
        for (Record row : StageRows.read(stack, table.table(), table.metadataLocation())) {
            List<String> values = new ArrayList<>();
            columns.forEach(column -> values.add(text(row.getField(column))));
            actual.computeIfAbsent(new Change(values.get(0), (Long) row.getField("version"),
                    (String) row.getField("op")), unused -> new ArrayList<>()).add(values);
        }
        List<String> problems = new ArrayList<>();
        expected.forEach((change, events) -> {
            List<List<String>> rows = actual.getOrDefault(change, List.of());
            if (rows.isEmpty()) {
                problems.add("missing " + change + " " + events);
            } else if (rows.size() != events.size()) {
                problems.add(rows.size() + " rows for " + change + ", which the topic holds " + events.size()
                        + " times");
            } else if (!sorted(rows).equals(sorted(events))) {
                problems.add("differs " + change + ": events " + events + ", stage " + rows);
            }
        });
        actual.keySet().stream().filter(change -> !expected.containsKey(change))
                .forEach(change -> problems.add("no event below the committed offsets for " + change));
        if (problems.isEmpty()) {
            return List.of();
        }
        List<String> shown = new ArrayList<>(problems.subList(0, Math.min(SHOWN, problems.size())));
        shown.add(0, "stage table " + table.table() + ": " + problems.size() + " of " + expected.size()
                + " changes below its committed offsets " + table.committedOffsets() + " are not in it as the topic "
                + "holds them:");
        return shown;
    }

    /** The value lists in one order, to compare as multisets (a change sent twice may differ: two snapshots). */
    private static List<String> sorted(List<List<String>> values) {
        return values.stream().map(String::valueOf).sorted().toList();
    }

    /** The field schemas of the envelope's {@code before} or {@code after} struct, by field name. */
    private static Map<String, JsonNode> fieldSchemas(JsonNode envelope, String image) {
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode field : envelope.path("fields")) {
            if (field.path("field").asText().equals(image)) {
                field.path("fields").forEach(column -> schemas.put(column.path("field").asText(), column));
            }
        }
        return schemas;
    }

    /** An event's value as text: decimals (base64 of the unscaled bytes, the scale in the schema) as plain numbers. */
    private static String text(JsonNode value, JsonNode schema) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (schema != null && "org.apache.kafka.connect.data.Decimal".equals(schema.path("name").asText())) {
            return new BigDecimal(new BigInteger(Base64.getDecoder().decode(value.asText())),
                    schema.path("parameters").path("scale").asInt()).toPlainString();
        }
        return value.asText();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable change event: " + json, e);
        }
    }
}
