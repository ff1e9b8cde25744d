package dev.cdcflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.clickhousetext.ClickHouseHttp;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.verify.ClickHouseTable;
import dev.cdcflow.verify.Column;
import dev.cdcflow.verify.PostgresTable;
import dev.cdcflow.verify.RangeComparison;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Compares the storefront's PostgreSQL tables with ClickHouse's current state ({@code FINAL}, deletes applied) key
 * by key and column by column, and tells a differing key's whole story: its change events in Kafka, its rows in
 * ClickHouse with their versions and parts, and the offsets the sink stored. Used by the end-to-end test and the
 * fault soak, so that a difference is explained where it is found.
 */
public final class PipelineAudit {

    /** Per table, the columns compared: they print alike in both databases (keys, texts, integers, decimals). */
    public static final Map<String, List<String>> COLUMNS = Map.of(
            "customers", List.of("id", "email", "first_name", "last_name", "city", "country"),
            "products", List.of("id", "sku", "name", "category", "price"),
            "orders", List.of("id", "customer_id", "status", "total_amount"),
            "order_items", List.of("id", "order_id", "product_id", "quantity", "unit_price"));
    /** ValidateRow's email rule in {@link StorefrontPipeline#RULES}: customers breaking it stay out of ClickHouse. */
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A key whose row differs: {@code expected} is what ClickHouse should hold (null: no row), {@code actual} what
     * it holds (null: no row).
     */
    public record Difference(String table, String key, List<String> expected, List<String> actual) {
        @Override
        public String toString() {
            return table + " id " + key + ": expected " + (expected == null ? "no row" : expected) + ", ClickHouse has "
                    + (actual == null ? "no row" : actual);
        }
    }

    private final LocalStack stack;
    /** The tables whose topics the S3 raw sink writes: the storefront's, and any a caller captures besides. */
    private final List<String> capturedTables;

    public PipelineAudit(LocalStack stack) {
        this(stack, StorefrontPipeline.TABLES);
    }

    /** An audit of a pipeline capturing {@code capturedTables}; ClickHouse is compared for the storefront's. */
    public PipelineAudit(LocalStack stack, List<String> capturedTables) {
        this.stack = stack;
        this.capturedTables = List.copyOf(capturedTables);
    }

    /** Every differing key of every storefront table. */
    public List<Difference> differences() {
        List<Difference> differences = new ArrayList<>();
        for (String table : StorefrontPipeline.TABLES) {
            differences.addAll(differences(table));
        }
        return differences;
    }

    /**
     * Every key of {@code table} whose row in ClickHouse is not the one PostgreSQL implies, found as the verify
     * command finds drift ({@link RangeComparison}: checksums over key ranges, rows read only where they differ).
     * ClickHouse is expected to hold PostgreSQL's rows, except customers whose email is invalid now: ValidateRow kept
     * that version out, so ClickHouse holds the customer's last valid version, or nothing if it never had one.
     */
    public List<Difference> differences(String table) {
        try (Connection postgres = stack.postgres().connect()) {
            List<Column> columns = PostgresTable.columnsOf(postgres, "public", table, COLUMNS.get(table));
            ClickHouseHttp clickHouse = new ClickHouseHttp(stack.clickHouse().httpUrl(), ClickHouseServer.USER, "");
            if (clickHouse.rows("EXISTS TABLE " + clickHouseTable(table)).get(0).get(0).equals("0")) {
                // Not made yet: every row PostgreSQL has is missing.
                int email = COLUMNS.get(table).indexOf("email");
                return postgres(table).entrySet().stream()
                        .filter(row -> !(table.equals("customers") && keptOut(row.getValue(), null, email)))
                        .map(row -> new Difference(table, row.getKey(), row.getValue(), null)).toList();
            }
            RangeComparison.Result result = new RangeComparison(
                    new PostgresTable(postgres, PostgresTable.quote(table), "id", columns),
                    new ClickHouseTable(clickHouse, StorefrontPipeline.CLICKHOUSE_DATABASE, table, "id", columns),
                    16, 1000).compare();
            int email = columns.stream().map(Column::name).toList().indexOf("email");
            return result.differences().stream()
                    .filter(difference -> !(table.equals("customers") && difference.source() != null
                            && keptOut(difference.source(), difference.copy(), email)))
                    .map(difference -> new Difference(table, Long.toString(difference.key()), difference.source(),
                            difference.copy()))
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot compare " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a customer's difference is ValidateRow's doing: its email in PostgreSQL breaks the rule, and ClickHouse
     * holds no row or a version whose email keeps it.
     */
    private static boolean keptOut(List<String> source, List<String> copy, int email) {
        return !EMAIL.matcher(source.get(email)).matches()
                && (copy == null || EMAIL.matcher(copy.get(email)).matches());
    }

    /** The rows of {@code table} in PostgreSQL by id, the compared columns as text. */
    public Map<String, List<String>> postgres(String table) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (List<String> row : stack.postgres().query("SELECT " + String.join(", ", COLUMNS.get(table)) + " FROM "
                + table + " ORDER BY id")) {
            rows.put(row.get(0), row.stream().map(value -> value == null ? ClickHouseServer.NULL : value).toList());
        }
        return rows;
    }

    /** The current rows of {@code table} in ClickHouse by id (empty while the table does not exist). */
    public Map<String, List<String>> clickHouse(String table) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try {
            for (List<String> row : stack.clickHouse().rows("SELECT " + String.join(", ", COLUMNS.get(table))
                    + " FROM " + clickHouseTable(table) + " FINAL WHERE _is_deleted = 0 ORDER BY id")) {
                rows.put(row.get(0), row);
            }
        } catch (IllegalStateException noTableYet) {
            return Map.of();
        }
        return rows;
    }

    /**
     * Everything the pipeline knows of each of the first {@code limit} differing keys, for a person to read: its
     * change events in Kafka (offset, op, source LSN and transaction), its rows in ClickHouse without FINAL (version,
     * deleted flag, part), and the offsets the ClickHouse sink stored for the topic.
     */
    public String histories(List<Difference> differences, int limit) {
        Map<String, List<ConsumerRecord<String, String>>> topics = new HashMap<>();
        StringBuilder stories = new StringBuilder();
        for (Difference difference : differences.subList(0, Math.min(limit, differences.size()))) {
            String topic = StorefrontPipeline.TOPIC_PREFIX + ".public." + difference.table();
            // Each topic is read once for all its keys.
            stories.append(history(difference, topic, topics.computeIfAbsent(topic, stack.kafka()::readAll)));
        }
        return stories.toString();
    }

    private String history(Difference difference, String topic, List<ConsumerRecord<String, String>> records) {
        StringBuilder story = new StringBuilder(difference.toString()).append('\n');
        story.append("  Kafka ").append(topic).append(":\n");
        int events = 0;
        for (ConsumerRecord<String, String> record : records) {
            if (difference.key().equals(keyOf(record.key()))) {
                story.append("    ").append(describe(record)).append('\n');
                events++;
            }
        }
        if (events == 0) {
            story.append("    no record with this key\n");
        }
        story.append("  ClickHouse rows without FINAL:\n");
        try {
            for (List<String> row : stack.clickHouse().rows("SELECT _version, _is_deleted, _op, _part, "
                    + String.join(", ", COLUMNS.getOrDefault(difference.table(), List.of("id"))) + " FROM "
                    + clickHouseTable(difference.table()) + " WHERE id = " + Long.parseLong(difference.key())
                    + " ORDER BY _version")) {
                story.append("    ").append(row).append('\n');
            }
            for (List<String> row : stack.clickHouse().rows("SELECT connector, partition, max(offset) FROM "
                    + StorefrontPipeline.CLICKHOUSE_DATABASE + "._cdcflow_offsets WHERE topic = '" + topic
                    + "' GROUP BY connector, partition")) {
                story.append("  ClickHouse sink's stored offset ").append(row).append('\n');
            }
        } catch (IllegalStateException e) {
            story.append("    cannot read: ").append(e.getMessage()).append('\n');
        }
        return story.toString();
    }

    /**
     * What breaks "every Kafka offset in exactly one S3 object": a position in two objects (or twice in one), an
     * object that cannot be read, a position that is no change event of its topic, or a change event below the S3
     * sink's committed offset that no object holds. Events past the committed offset may still sit in an open file.
     */
    public List<String> s3Problems() {
        List<String> problems = new ArrayList<>();
        // Offsets first, objects after: the sink commits an offset only once its objects are uploaded, so every
        // offset below these is in an object listed afterwards. Read the other way round, an upload and a commit
        // between the listing and this read looked like offsets in no object (the sink still catching up after a
        // restart, twice on CI).
        Map<TopicPartition, OffsetAndMetadata> committed = s3SinkCommittedOffsets();
        Map<String, String> objectOfPosition = new HashMap<>();
        for (String key : stack.s3().listKeys(StorefrontPipeline.BUCKET, StorefrontPipeline.S3_PREFIX + "/")) {
            if (key.startsWith(StorefrontPipeline.S3_PREFIX + "/_cdcflow/")) {
                // The sink's own records (idle cuts), not data.
                continue;
            }
            List<GenericRecord> events;
            try {
                events = avroRecords(stack.s3().getObject(StorefrontPipeline.BUCKET, key));
            } catch (IOException | RuntimeException e) {
                problems.add("object " + key + " cannot be read: " + e.getMessage());
                continue;
            }
            for (GenericRecord event : events) {
                String position = event.get("topic") + "-" + event.get("partition") + "@" + event.get("offset");
                String other = objectOfPosition.put(position, key);
                if (other != null) {
                    problems.add(position + " is in " + other + " and in " + key);
                }
            }
        }
        Set<String> events = new HashSet<>();
        Map<TopicPartition, List<Long>> missing = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        for (String table : capturedTables) {
            String topic = StorefrontPipeline.TOPIC_PREFIX + ".public." + table;
            for (ConsumerRecord<String, String> record : stack.kafka().readAll(topic)) {
                if (record.value() == null) {
                    continue;
                }
                String position = topic + "-" + record.partition() + "@" + record.offset();
                events.add(position);
                TopicPartition partition = new TopicPartition(topic, record.partition());
                OffsetAndMetadata done = committed.get(partition);
                if (done != null && record.offset() < done.offset() && !objectOfPosition.containsKey(position)) {
                    missing.computeIfAbsent(partition, key -> new ArrayList<>()).add(record.offset());
                }
            }
        }
        // Missing offsets come in runs (a lost or shortened object): one line per run, then the partition's objects
        // around them, which is what explains a loss.
        missing.forEach((partition, offsets) -> {
            problems.addAll(runsOf(offsets).stream().map(run -> partition + "@" + run + " below the S3 sink's "
                    + "committed offset " + committed.get(partition).offset() + " but in no object").toList());
            problems.add("  objects of " + partition + " near them: " + objectsNear(objectOfPosition, partition,
                    offsets.get(0), offsets.get(offsets.size() - 1)));
        });
        objectOfPosition.keySet().stream().filter(position -> !events.contains(position)).sorted()
                .forEach(position -> problems.add(position + " is in object " + objectOfPosition.get(position)
                        + " but is no change event in Kafka"));
        return problems;
    }

    /** Consecutive offsets as runs, e.g. [3, 4, 5, 9] as "3..5 (3)" and "9..9 (1)". */
    private static List<String> runsOf(List<Long> offsets) {
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= offsets.size(); i++) {
            if (i == offsets.size() || offsets.get(i) != offsets.get(i - 1) + 1) {
                runs.add(offsets.get(start) + ".." + offsets.get(i - 1) + " (" + (i - start) + ")");
                start = i;
            }
        }
        return runs;
    }

    /** The objects holding the partition's events from 50 offsets before {@code from} to 50 after {@code to}. */
    private static String objectsNear(Map<String, String> objectOfPosition, TopicPartition partition, long from,
                                      long to) {
        Map<String, long[]> ranges = new TreeMap<>();
        String prefix = partition + "@";
        objectOfPosition.forEach((position, key) -> {
            if (position.startsWith(prefix)) {
                long offset = Long.parseLong(position.substring(prefix.length()));
                if (offset >= from - 50 && offset <= to + 50) {
                    ranges.merge(key, new long[] {offset, offset}, (a, b) -> new long[] {Math.min(a[0], b[0]),
                            Math.max(a[1], b[1])});
                }
            }
        });
        return ranges.isEmpty() ? "none" : ranges.entrySet().stream().map(entry -> entry.getKey().substring(
                entry.getKey().lastIndexOf('/') + 1) + " [" + entry.getValue()[0] + ".." + entry.getValue()[1] + "]")
                .collect(Collectors.joining(", "));
    }

    /**
     * What breaks "every change event in the Iceberg stage exactly once", row by row and column by column (see
     * {@link StageAudit}). Events past a table's committed offsets may still be in a task's uncommitted files.
     */
    public List<String> stageProblems() {
        return new StageAudit(stack).problems();
    }

    /** Change rows in the Iceberg stage tables, as a measure of how much the stage check covered. */
    public long stageRows() {
        return StageTables.totalRows(stack);
    }

    /** Change events below the S3 sink's committed offsets, as a measure of how much the S3 check covered. */
    public long s3CommittedEvents() {
        return s3SinkCommittedOffsets().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private Map<TopicPartition, OffsetAndMetadata> s3SinkCommittedOffsets() {
        try {
            return stack.kafka().admin().listConsumerGroupOffsets("connect-" + StorefrontPipeline.S3_SINK)
                    .partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the S3 sink's committed offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the S3 sink's committed offsets", e);
        }
    }

    private static List<GenericRecord> avroRecords(byte[] object) throws IOException {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(object),
                new GenericDatumReader<>())) {
            List<GenericRecord> records = new ArrayList<>();
            reader.forEach(records::add);
            return records;
        }
    }

    private static String describe(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return "partition " + record.partition() + " offset " + record.offset() + " tombstone";
        }
        JsonNode payload = json(record.value()).path("payload");
        JsonNode source = payload.path("source");
        return "partition " + record.partition() + " offset " + record.offset() + " op " + payload.path("op").asText()
                + " lsn " + source.path("lsn").asText() + " txId " + source.path("txId").asText() + " sequence "
                + source.path("sequence").asText() + " snapshot " + source.path("snapshot").asText() + " ts_ms "
                + source.path("ts_ms").asText() + " after " + payload.path("after");
    }

    private static String keyOf(String key) {
        if (key == null) {
            return null;
        }
        return json(key).path("payload").path("id").asText();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + text, e);
        }
    }

    private static String clickHouseTable(String table) {
        return StorefrontPipeline.CLICKHOUSE_DATABASE + "." + table;
    }
}
