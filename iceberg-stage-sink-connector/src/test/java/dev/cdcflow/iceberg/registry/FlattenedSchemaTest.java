package dev.cdcflow.iceberg.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.transforms.FlattenChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The row schema the stage's submission check derives from a registered envelope schema is the one FlattenChangeEvent
 * really makes, configured as the stage's template configures it, of real Debezium events: field by field, with
 * types, logical names and optionality. Otherwise the check would judge a stage config against rows that never come.
 */
@LocalStackTest
class FlattenedSchemaTest {

    private static final String PREFIX = "fschema";

    @Test
    void theDerivedRowSchemaIsWhatFlattenChangeEventMakesOfRealDebeziumEvents(LocalStack stack) {
        stack.postgres().execute("CREATE TABLE public.shapes (id BIGINT PRIMARY KEY, n INT, amount NUMERIC(10, 2), "
                        + "free NUMERIC, label TEXT, flag BOOLEAN, born DATE, at TIMESTAMP, at_tz TIMESTAMPTZ, "
                        + "doc JSONB, tags TEXT[], created_at TIMESTAMP)",
                "INSERT INTO public.shapes VALUES (1, 2, 3.50, 4.125, 'five', true, '2024-03-01', "
                        + "'2024-03-01 10:00:00.123456', '2024-03-01 10:00:00+01', '{\"a\": 1}', '{x,y}', now())");
        stack.connect().rest().putConnector(stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", PREFIX + "-debezium", "TOPIC_PREFIX", PREFIX,
                "DEBEZIUM_TABLES", "public\\.shapes", "DEBEZIUM_SLOT", PREFIX + "_slot",
                "DEBEZIUM_PUBLICATION", PREFIX + "_publication", "DEBEZIUM_SLOT_DROP_ON_STOP", "true"))
                .with(Map.of("transforms", "")));
        try {
            String topic = PREFIX + ".public.shapes";
            ConsumerRecord<String, String> event = stack.kafka().consume(topic, 1, Duration.ofSeconds(90)).get(0);
            JsonConverter json = new JsonConverter();
            json.configure(Map.of("schemas.enable", "true"), false);
            SchemaAndValue envelope = json.toConnectData(topic, event.value().getBytes(StandardCharsets.UTF_8));

            Map<String, String> stage = stack.render(LocalStack.template("iceberg-stage"), Map.of(
                    "ICEBERG_CATALOG_URI", "unused", "ICEBERG_CATALOG_USER", "unused")).config();
            FlattenChangeEvent<SinkRecord> flatten = new FlattenChangeEvent<>();
            flatten.configure(options(stage, "transforms.flatten."));
            Schema flattened = flatten.apply(new SinkRecord(topic, 0, null, null, envelope.schema(),
                    envelope.value(), 0)).valueSchema();

            Schema derived = AvroRowSchemas.flattened(envelope.schema(), RegisteredSchemaCheck.flatten(stage)
                    .orElseThrow());
            assertThat(describe(derived)).isEqualTo(describe(flattened));
        } finally {
            stack.connect().rest().deleteConnector(PREFIX + "-debezium");
        }
    }

    private static Map<String, String> options(Map<String, String> config, String prefix) {
        Map<String, String> options = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                options.put(key.substring(prefix.length()), value);
            }
        });
        return options;
    }

    /** Each field: its type, logical name and whether it is optional; in order. */
    private static Map<String, String> describe(Schema row) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Field field : row.fields()) {
            Schema schema = field.schema();
            fields.put(field.name(), schema.type() + " " + schema.name() + (schema.isOptional() ? " optional" : "")
                    + (schema.type() == Schema.Type.ARRAY ? " of " + schema.valueSchema().type() : ""));
        }
        return fields;
    }
}
