package dev.cdcflow.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/** Connect data as the JSON (with schema) the sink's template reads: tests build records with Connect's own API. */
final class JsonRecords {

    /** The key of most test rows: a struct with an int64 id. */
    static final Schema ID_KEY = SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();

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

    /** The JSON of the key {@code {id}}. */
    static String idKey(long id) {
        return json(ID_KEY, new Struct(ID_KEY).put("id", id));
    }

    /** A record keyed by {@code {id}}, for {@code KafkaBroker.produce}. */
    static Map.Entry<String, String> keyed(long id, Schema valueSchema, Object value) {
        return Map.entry(idKey(id), json(valueSchema, value));
    }
}
