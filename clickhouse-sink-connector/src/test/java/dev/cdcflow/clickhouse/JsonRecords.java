package dev.cdcflow.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/** Connect data as the JSON (with schema) the sink's template reads: tests build records with Connect's own API. */
final class JsonRecords {

    private static final JsonConverter CONVERTER = new JsonConverter();

    static {
        CONVERTER.configure(Map.of("schemas.enable", "true", "decimal.format", "BASE64"), false);
    }

    private JsonRecords() {
    }

    /** The value with its schema in JSON; null for a null schema and value. */
    static String json(Schema schema, Object value) {
        byte[] bytes = CONVERTER.fromConnectData("any", schema, value);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A key and value pair for {@code KafkaBroker.produce}. */
    static Map.Entry<String, String> record(Schema keySchema, Object key, Schema valueSchema, Object value) {
        return Map.entry(json(keySchema, key), json(valueSchema, value));
    }
}
