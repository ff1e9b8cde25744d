package dev.cdcflow.iceberg.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class AvroRowSchemasTest {

    static org.apache.avro.Schema ordersEnvelope() throws IOException {
        try (InputStream avsc = AvroRowSchemasTest.class.getResourceAsStream("/orders-envelope.avsc")) {
            return new org.apache.avro.Schema.Parser().parse(avsc);
        }
    }

    @Test
    void aDebeziumEnvelopeBecomesTheAfterImagesFieldsAndTheFlattensMetadata() throws IOException {
        Map<String, Schema> metadata = new LinkedHashMap<>();
        metadata.put("_op", Schema.STRING_SCHEMA);
        metadata.put("_event_date", Date.SCHEMA);
        Schema row = AvroRowSchemas.rowSchema(ordersEnvelope(), new RegisteredSchemaCheck.Flatten(metadata,
                FlattenedTypes.of(Map.of("time.precision", "micros"))));

        assertThat(row.fields()).extracting(Field::name).containsExactly("id", "customer_id", "status",
                "total_amount", "gift", "priority", "note", "placed_at", "updated_at", "_op", "_event_date");
        assertThat(row.field("id").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(row.field("total_amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(row.field("gift").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(row.field("gift").schema().isOptional()).isTrue();
        assertThat(row.field("priority").schema().type()).isEqualTo(Schema.Type.INT16);
        assertThat(row.field("note").schema().type()).isEqualTo(Schema.Type.BYTES);
        assertThat(row.field("updated_at").schema().name()).isEqualTo("io.debezium.time.MicroTimestamp");
        assertThat(row.field("_event_date").schema().name()).isEqualTo(Date.LOGICAL_NAME);
    }

    @Test
    void withoutAFlattenTheEnvelopeReachesTheStageAsItIs() throws IOException {
        Schema row = AvroRowSchemas.rowSchema(ordersEnvelope(), new RegisteredSchemaCheck.Flatten(null, null));
        assertThat(row.fields()).extracting(Field::name).containsExactly("before", "after", "source", "op", "ts_ms");
        assertThat(row.field("after").schema().type()).isEqualTo(Schema.Type.STRUCT);
    }
}
