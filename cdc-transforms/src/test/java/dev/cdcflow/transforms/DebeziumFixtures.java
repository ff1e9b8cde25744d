package dev.cdcflow.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Change events captured from the real Debezium PostgreSQL connector (see {@link DebeziumFixturesTest}), turned back
 * into Connect records exactly as a worker's JsonConverter would.
 */
public final class DebeziumFixtures {

    /** A table with every column type the transforms must handle. */
    static final String[] DDL = {
        "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped')",
        """
        CREATE TABLE all_types (
          id            BIGINT PRIMARY KEY,
          small_n       SMALLINT,
          int_n         INTEGER,
          big_n         BIGINT,
          price         NUMERIC(12, 2),
          ratio         NUMERIC,
          balance       MONEY,
          real_n        REAL,
          double_n      DOUBLE PRECISION,
          note          TEXT,
          code          VARCHAR(16),
          active        BOOLEAN,
          birth_date    DATE,
          open_at       TIME,
          created_local TIMESTAMP,
          created_at    TIMESTAMPTZ,
          external_id   UUID,
          attrs         JSON,
          tags_b        JSONB,
          status        order_status,
          scores        INTEGER[],
          labels        TEXT[],
          payload       BYTEA
        )""",
        "ALTER TABLE all_types REPLICA IDENTITY FULL"
    };

    static final String SNAPSHOT_ROW = """
            INSERT INTO all_types VALUES (1, 1, 10, 100, 12.50, 0.5, 3.25, 1.5, 2.25, 'first', 'A1', true,
              '2024-01-31', '08:30:00', '2024-01-31 08:30:00.123456', '2024-01-31 08:30:00.123456+02',
              '6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d', '{"a": 1}', '{"b": [1, 2]}', 'pending', '{1,2,3}',
              '{"x","y"}', '\\x0102ff')""";

    static final String[] STREAMED_CHANGES = {
        """
        INSERT INTO all_types VALUES (2, -32768, -2147483648, 9223372036854775807, -9999999999.99,
          123456789.000000001, -12.34, -0.125, 1e300, 'second ünïcödé', 'B2', false, '1970-01-01', '23:59:59.999999',
          '1999-12-31 23:59:59.999999', '2026-11-21 10:15:30.5+00', '00000000-0000-0000-0000-000000000000',
          '{"nested": {"k": "v"}}', '[]', 'paid', '{}', '{"with space"}', '\\x')""",
        "UPDATE all_types SET status = 'shipped', price = 99.99, note = NULL WHERE id = 2",
        "DELETE FROM all_types WHERE id = 2",
        "TRUNCATE all_types",
        // Debezium hands a truncate on only when a later change follows; a row of NULLs is a useful case anyway.
        "INSERT INTO all_types (id) VALUES (3)"
    };

    /** Event names, in the order Debezium emits them for the statements above. */
    static final List<String> EVENTS =
            List.of("snapshot", "insert", "update", "delete", "tombstone", "truncate", "insert_nulls");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DebeziumFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(DebeziumFixtures.class.getResource("/debezium-postgres/" + name + ".json").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("No fixture " + name + "; regenerate with DebeziumFixturesTest", e);
        }
    }

    /** The fixture as the sink side sees it: key and value converted by a JsonConverter with schemas. */
    public static SinkRecord record(String name) {
        return record(name, 0L);
    }

    static SinkRecord record(String name, long offset) {
        try {
            JsonNode event = JSON.readTree(file(name).toFile());
            String topic = event.path("topic").asText();
            SchemaAndValue key = convert(topic, event.path("key"), true);
            SchemaAndValue value = convert(topic, event.path("value"), false);
            return new SinkRecord(topic, 0, key.schema(), key.value(), value.schema(), value.value(), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as a sink sees it with schemas.enable=false: maps and plain values, no schemas. */
    static SinkRecord schemaless(String name) {
        try {
            JsonNode event = JSON.readTree(file(name).toFile());
            String topic = event.path("topic").asText();
            SchemaAndValue key = convert(topic, event.path("key").path("payload"), true, false);
            SchemaAndValue value = convert(topic, event.path("value").path("payload"), false, false);
            return new SinkRecord(topic, 0, null, key.value(), null, value.value(), 0L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SchemaAndValue convert(String topic, JsonNode json, boolean isKey) throws IOException {
        return convert(topic, json, isKey, true);
    }

    private static SchemaAndValue convert(String topic, JsonNode json, boolean isKey, boolean withSchemas)
            throws IOException {
        if (json.isNull() || json.isMissingNode()) {
            return SchemaAndValue.NULL;
        }
        try (JsonConverter converter = new JsonConverter()) {
            converter.configure(Map.of("schemas.enable", Boolean.toString(withSchemas)), isKey);
            return converter.toConnectData(topic, JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
        }
    }
}
