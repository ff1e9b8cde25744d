package dev.cdcflow.s3.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Connect names that differ only in characters Avro does not allow ('a-b', 'a_b', 'a.b') become distinct Avro names:
 * names Avro allows stay as they are, the others are made valid and numbered in order of appearance, the original
 * kept in connect.field; nothing is refused, and every value lands in its own field.
 */
class AvroNameCollisionsTest {

    private static final Schema INNER_DASH = SchemaBuilder.struct().name("shop.a-b").optional()
            .field("x", Schema.INT32_SCHEMA).build();
    private static final Schema INNER_UNDERSCORE = SchemaBuilder.struct().name("shop.a_b").optional()
            .field("y", Schema.STRING_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("shop.Row")
            .field("a-b", Schema.INT32_SCHEMA)
            .field("a_b", Schema.INT32_SCHEMA)
            .field("a.b", Schema.INT32_SCHEMA)
            .field("dashed", INNER_DASH)
            .field("underscored", INNER_UNDERSCORE)
            .build();

    @Test
    void namesThatBecomeEqualInAvroAreNumberedNotRefused() throws IOException {
        org.apache.avro.Schema avro = AvroSchemas.of(ROW, "Value");

        assertThat(avro.getFields()).extracting(org.apache.avro.Schema.Field::name)
                .containsExactly("a_b_2", "a_b", "a_b_3", "dashed", "underscored");
        assertThat(avro.getField("a_b_2").getProp("connect.field")).isEqualTo("a-b");
        assertThat(avro.getField("a_b_3").getProp("connect.field")).isEqualTo("a.b");
        assertThat(avro.getField("a_b").getProp("connect.field")).isNull();
        assertThat(List.of(avro.getField("dashed").schema().getTypes().get(1).getFullName(),
                avro.getField("underscored").schema().getTypes().get(1).getFullName()))
                .containsExactly("shop.a_b", "shop.a_b_2");

        Struct row = new Struct(ROW).put("a-b", 1).put("a_b", 2).put("a.b", 3)
                .put("dashed", new Struct(INNER_DASH).put("x", 4))
                .put("underscored", new Struct(INNER_UNDERSCORE).put("y", "five"));
        try (AvroRecords records = new AvroRecords(false)) {
            AvroRecords.Datum datum = records.of(new SinkRecord("t", 0, null, null, ROW, row, 0));
            GenericRecord back = roundTrip(datum.schema(), datum.value());
            assertThat(List.of(back.get("a_b_2"), back.get("a_b"), back.get("a_b_3"))).containsExactly(1, 2, 3);
            assertThat(((GenericRecord) back.get("dashed")).get("x")).isEqualTo(4);
            assertThat(((GenericRecord) back.get("underscored")).get("y").toString()).isEqualTo("five");
        }
    }

    private static GenericRecord roundTrip(org.apache.avro.Schema schema, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, bytes);
            writer.append(value);
        }
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(
                bytes.toByteArray()), new GenericDatumReader<>())) {
            return reader.next();
        }
    }
}
