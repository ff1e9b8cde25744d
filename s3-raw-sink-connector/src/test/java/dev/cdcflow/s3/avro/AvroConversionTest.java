package dev.cdcflow.s3.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class AvroConversionTest {

    private static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("qty", Schema.INT16_SCHEMA)
            .field("total", Decimal.builder(2).parameter("connect.decimal.precision", "12").build())
            .field("placed-at", Timestamp.builder().optional().build())
            .field("2nd", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void mapsConnectTypesToAvroWithLogicalTypesAndValidNames() {
        org.apache.avro.Schema avro = AvroSchemas.of(ROW, "Value");

        assertThat(avro.getFullName()).isEqualTo("shop.orders.Value");
        assertThat(avro.getField("id").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.LONG);
        assertThat(avro.getField("qty").schema().getProp("connect.type")).isEqualTo("int16");
        assertThat(avro.getField("total").schema().getLogicalType().getName()).isEqualTo("decimal");
        assertThat(avro.getField("total").schema().getObjectProp("precision")).isEqualTo(12);
        org.apache.avro.Schema placedAt = avro.getField("placed_at").schema();
        assertThat(placedAt.getType()).isEqualTo(org.apache.avro.Schema.Type.UNION);
        assertThat(placedAt.getTypes().get(1).getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(avro.getField("placed_at").getProp("connect.field")).isEqualTo("placed-at");
        assertThat(avro.getField("placed_at").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(avro.getField("_2nd")).isNotNull();
    }

    @Test
    void aRowTypeUsedTwiceIsDefinedOnceAndADifferentOneWithTheSameNameGetsASuffix() {
        Schema other = SchemaBuilder.struct().name("shop.orders.Value").field("x", Schema.INT32_SCHEMA).optional()
                .build();
        Schema envelope = SchemaBuilder.struct().name("Envelope")
                .field("before", SchemaBuilder.struct().name("shop.orders.Value").optional()
                        .field("id", Schema.INT64_SCHEMA).build())
                .field("after", SchemaBuilder.struct().name("shop.orders.Value").optional()
                        .field("id", Schema.INT64_SCHEMA).build())
                .field("other", other)
                .build();

        org.apache.avro.Schema avro = AvroSchemas.of(envelope, "Value");

        assertThat(avro.getField("before").schema().getTypes().get(1))
                .isSameAs(avro.getField("after").schema().getTypes().get(1));
        assertThat(avro.getField("other").schema().getTypes().get(1).getFullName())
                .isEqualTo("shop.orders.Value_2");
        assertThat(new org.apache.avro.Schema.Parser().parse(avro.toString())).isEqualTo(avro);
    }

    @Test
    void mapsWithOtherThanStringKeysBecomeArraysOfEntries() {
        Schema schema = SchemaBuilder.struct().name("M")
                .field("by_id", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
                .field("by_name", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .build();
        org.apache.avro.Schema avro = AvroSchemas.of(schema, "Value");
        Struct value = new Struct(schema).put("by_id", Map.of(7, "seven")).put("by_name", Map.of("one", 1));

        GenericRecord record = (GenericRecord) AvroValues.convert(schema, value, avro);

        assertThat(avro.getField("by_id").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.ARRAY);
        GenericRecord entry = (GenericRecord) ((List<?>) record.get("by_id")).get(0);
        assertThat(entry.get("key")).isEqualTo(7);
        assertThat(entry.get("value")).isEqualTo("seven");
        assertThat(record.get("by_name")).isEqualTo(Map.of("one", 1));
        assertThat(GenericData.get().validate(avro, record)).isTrue();
    }

    @Test
    void valuesFollowTheirSchemas() {
        Struct row = new Struct(ROW).put("id", 1L).put("qty", (short) 3).put("total", new BigDecimal("9.50"))
                .put("placed-at", new java.util.Date(1_767_225_600_000L));
        org.apache.avro.Schema avro = AvroSchemas.of(ROW, "Value");

        GenericRecord record = (GenericRecord) AvroValues.convert(ROW, row, avro);

        assertThat(record.get("qty")).isEqualTo(3);
        assertThat(((ByteBuffer) record.get("total")).array()).isEqualTo(BigDecimal.valueOf(950).unscaledValue()
                .toByteArray());
        assertThat(record.get("placed_at")).isEqualTo(1_767_225_600_000L);
        assertThat(record.get("_2nd")).isNull();
        assertThat(GenericData.get().validate(avro, record)).isTrue();
    }

    @Test
    void anEnvelopeCarriesPositionKeyValueAndHeadersAndValuesWithoutSchemaAsJson() {
        try (AvroRecords records = new AvroRecords(true)) {
            SinkRecord tombstone = new SinkRecord("t", 2, Schema.INT64_SCHEMA, 5L, ROW, null, 42, 1000L,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                    new ConnectHeaders().addString("origin", "seed"));
            GenericRecord envelope = (GenericRecord) records.of(tombstone).value();

            assertThat(envelope.get("topic")).isEqualTo("t");
            assertThat(envelope.get("partition")).isEqualTo(2);
            assertThat(envelope.get("offset")).isEqualTo(42L);
            assertThat(envelope.get("timestamp")).isEqualTo(1000L);
            assertThat(envelope.get("key")).isEqualTo(5L);
            assertThat(envelope.get("value")).isNull();
            assertThat(envelope.get("headers").toString()).contains("origin", "seed");

            SinkRecord schemaless = new SinkRecord("t", 0, null, "k", null, Map.of("a", 1), 0);
            GenericRecord json = (GenericRecord) records.of(schemaless).value();
            assertThat(json.get("key")).isEqualTo("\"k\"");
            assertThat(json.get("value")).isEqualTo("{\"a\":1}");
        }
    }
}
