package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.schema.TypeMapper;
import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.common.config.ConfigDocs;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.transforms.FlattenChangeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Every PostgreSQL type Debezium emits, from a PostgreSQL table through Debezium and the templates' chains (the
 * Debezium template, FlattenChangeEvent and ValidateRow in the sink's template) into ClickHouse, value for value:
 * a row of ordinary values, a row of NULLs and a row of edge values, once read by the snapshot and once streamed.
 * Each column is compared as PostgreSQL prints it against ClickHouse (after the documented mapping, see
 * {@link PostgresTypeChecks}); a value ClickHouse cannot hold lands in rejected_rows and the dead letter queue while
 * the task goes on. The type table in docs/clickhouse-sink.md is generated here: the ClickHouse type on this server
 * is read from the table, the one on current servers comes from the sink's type map applied to the same schema.
 */
@LocalStackTest
class PostgresTypesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String DATABASE = "pgtypes";
    private static final String TOPIC = "pgtypes.public.every_type";
    private static final String NULL = ClickHouseServer.NULL;

    @Test
    void everyTypeRoundTripsValueForValueAndTheTypeTableIsCurrent(LocalStack stack) throws IOException {
        ConnectRestClient rest = stack.connect().rest();
        List<PostgresTypeChecks.Check> checks = PostgresTypeChecks.ALL;
        stack.postgres().execute(PostgresTypeChecks.SETUP);
        stack.postgres().execute("CREATE TABLE every_type (id BIGINT PRIMARY KEY, " + checks.stream()
                .map(check -> check.column() + " " + check.type()).collect(Collectors.joining(", ")) + ")",
                "ALTER TABLE every_type REPLICA IDENTITY FULL");
        insertRows(stack, 0);
        ConnectorDefinition sink = stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "pgtypes-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "pgtypes\\.public\\..*",
                "CLICKHOUSE_DATABASE", DATABASE)).with(Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "pgtypes-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1"));
        rest.putConnector(DebeziumSource.definition(stack, "pgtypes", "every_type"));
        rest.putConnector(sink);
        try {
            Await.until("the snapshot's rows in ClickHouse", TIMEOUT, () -> ids(stack).size() == 3);
            insertRows(stack, 10);
            stack.postgres().execute("INSERT INTO every_type (id, c_date) VALUES (4, '1800-01-01')");
            Await.until("the streamed rows and the rejected one", TIMEOUT, () -> ids(stack).size() == 6
                    && rejected(stack).size() == 1);

            assertValuesMatch(stack, checks);
            assertThat(rejected(stack).get(0)).contains("every_type-0@").contains("c_date")
                    .contains("outside the range of ClickHouse's Date");
            assertThat(stack.kafka().consume("pgtypes-dlq", 1, TIMEOUT)).hasSize(1);
            assertThat(rest.status("pgtypes-sink").path("tasks").get(0).path("state").asText())
                    .isEqualTo("RUNNING");
            assertTypeTableIsCurrent(stack, sink, checks);
        } finally {
            rest.deleteConnector("pgtypes-sink");
            rest.deleteConnector("pgtypes-debezium");
        }
    }

    /** Rows 1 (ordinary values), 2 (NULLs) and 3 (edge values), with ids shifted by {@code offset}. */
    private static void insertRows(LocalStack stack, int offset) {
        List<PostgresTypeChecks.Check> checks = PostgresTypeChecks.ALL;
        String columns = checks.stream().map(PostgresTypeChecks.Check::column).collect(Collectors.joining(", "));
        stack.postgres().execute(
                "INSERT INTO every_type (id, " + columns + ") VALUES (" + (offset + 1) + ", " + checks.stream()
                        .map(PostgresTypeChecks.Check::ordinary).collect(Collectors.joining(", ")) + ")",
                "INSERT INTO every_type (id) VALUES (" + (offset + 2) + ")",
                "INSERT INTO every_type (id, " + columns + ") VALUES (" + (offset + 3) + ", " + checks.stream()
                        .map(PostgresTypeChecks.Check::edge).collect(Collectors.joining(", ")) + ")");
    }

    private static void assertValuesMatch(LocalStack stack, List<PostgresTypeChecks.Check> checks) {
        List<List<String>> postgres = stack.postgres().query("SELECT id, " + checks.stream()
                .map(PostgresTypeChecks.Check::postgresText).collect(Collectors.joining(", "))
                + " FROM every_type WHERE id <> 4 ORDER BY id");
        List<List<String>> clickHouse = stack.clickHouse().rows("SELECT id, " + checks.stream()
                .map(PostgresTypeChecks.Check::clickHouseText).collect(Collectors.joining(", "))
                + " FROM " + DATABASE + ".every_type FINAL WHERE _is_deleted = 0 ORDER BY id");
        assertThat(clickHouse).hasSameSizeAs(postgres);
        List<String> differences = new ArrayList<>();
        for (int row = 0; row < postgres.size(); row++) {
            for (int i = 0; i < checks.size(); i++) {
                String expected = postgres.get(row).get(i + 1);
                String actual = clickHouse.get(row).get(i + 1);
                PostgresTypeChecks.Check check = checks.get(i);
                if (!check.compare().same(expected == null ? NULL : expected, actual)) {
                    differences.add("id " + postgres.get(row).get(0) + " " + check.column() + " (" + check.type()
                            + "): PostgreSQL " + expected + ", ClickHouse " + actual);
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    /**
     * Maps the schema of every column as the sink sees it (Debezium's event through the template's
     * FlattenChangeEvent) for this server and for current ones, checks the first against the table ClickHouse holds,
     * and compares both with the type table in the docs.
     */
    private static void assertTypeTableIsCurrent(LocalStack stack, ConnectorDefinition sink,
                                                 List<PostgresTypeChecks.Check> checks) throws IOException {
        Schema flattened = flattenedValueSchema(stack, sink);
        TypeMapper here = new TypeMapper(ServerCapabilities.of(ServerVersion.parse(stack.clickHouse().version())));
        TypeMapper current = new TypeMapper(ServerCapabilities.of(ServerVersion.parse("23.8")));
        Map<String, String> columnTypes = new LinkedHashMap<>();
        stack.clickHouse().rows("SELECT name, type FROM system.columns WHERE database = '" + DATABASE + "' AND "
                + "table = 'every_type'").forEach(row -> columnTypes.put(row.get(0), row.get(1)));
        StringBuilder table = new StringBuilder("| PostgreSQL | Connect, after FlattenChangeEvent | ClickHouse 23.8+ "
                + "| ClickHouse 18.16 (tested here) | value in ClickHouse |\n| --- | --- | --- | --- | --- |\n");
        for (PostgresTypeChecks.Check check : checks) {
            Schema schema = flattened.field(check.column()).schema();
            assertThat(columnTypes.get(check.column())).as(check.column()).isEqualTo(here.columnType(schema).ddl());
            table.append("| ").append(check.type()).append(" | ").append(describe(schema)).append(" | ")
                    .append(current.columnType(schema).ddl()).append(" | ").append(columnTypes.get(check.column()))
                    .append(" | ").append(check.note()).append(" |\n");
        }
        Path doc = Path.of(System.getProperty("basedir", "."), "..", "docs", "clickhouse-sink.md");
        String document = Files.readString(doc);
        String generated = ConfigDocs.replaceSection(document, "postgres-types", table.toString());
        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(doc, generated);
        }
        assertThat(generated).as("docs/clickhouse-sink.md's PostgreSQL type table is out of date: run this test "
                + "with -Ddocs.regenerate=true").isEqualTo(document);
    }

    /** The value schema of the first event on the topic after the template's FlattenChangeEvent. */
    private static Schema flattenedValueSchema(LocalStack stack, ConnectorDefinition sink) {
        ConsumerRecord<String, String> event = stack.kafka().consume(TOPIC, 1, TIMEOUT).get(0);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        SchemaAndValue value = converter.toConnectData(TOPIC, event.value().getBytes(StandardCharsets.UTF_8));
        Map<String, String> flattenConfig = new LinkedHashMap<>();
        String prefix = "transforms.flatten.";
        sink.config().forEach((key, setting) -> {
            if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
                flattenConfig.put(key.substring(prefix.length()), setting);
            }
        });
        try (FlattenChangeEvent<SinkRecord> flatten = new FlattenChangeEvent<>()) {
            flatten.configure(flattenConfig);
            return flatten.apply(new SinkRecord(TOPIC, 0, null, null, value.schema(), value.value(), 0))
                    .valueSchema();
        }
    }

    private static String describe(Schema schema) {
        String type = switch (schema.type()) {
            case ARRAY -> "array of " + describe(schema.valueSchema());
            case STRUCT -> "struct (" + schema.fields().stream().map(Field::name).collect(Collectors.joining(", "))
                    + ")";
            default -> schema.type().getName();
        };
        String semantic = schema.parameters() == null ? null : schema.parameters().get(
                SchemaNames.SEMANTIC_TYPE_PARAMETER);
        String name = schema.name() != null ? schema.name().replace("org.apache.kafka.connect.data.", "")
                .replace("io.debezium.", "") : semantic != null ? semantic.replace("io.debezium.", "") : null;
        return name == null || schema.type() == Schema.Type.STRUCT ? type : type + " `" + name + "`";
    }

    private static List<String> ids(LocalStack stack) {
        try {
            return stack.clickHouse().rows("SELECT id FROM " + DATABASE + ".every_type FINAL").stream()
                    .map(row -> row.get(0)).toList();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static List<String> rejected(LocalStack stack) {
        try {
            return stack.clickHouse().rows("SELECT concat(topic, '-', toString(partition), '@', toString(offset), "
                    + "' ', message) FROM " + DATABASE + ".rejected_rows FINAL").stream().map(row -> row.get(0))
                    .toList();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
