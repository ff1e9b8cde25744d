package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Records with every Connect type through the worker into Avro and Parquet objects, read back with their readers. */
@LocalStackTest
class S3RawSinkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** 2026-01-01T00:00:00Z. */
    private static final long DAY_START = 1_767_225_600_000L;
    private static final String KEY_SCHEMA = "{\"type\":\"int64\",\"optional\":false}";
    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"items.Value\",\"optional\":false,"
            + "\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"tiny\",\"type\":\"int8\",\"optional\":false},"
            + "{\"field\":\"small\",\"type\":\"int16\",\"optional\":false},"
            + "{\"field\":\"qty\",\"type\":\"int32\",\"optional\":false},"
            + "{\"field\":\"ratio\",\"type\":\"float\",\"optional\":false},"
            + "{\"field\":\"score\",\"type\":\"double\",\"optional\":false},"
            + "{\"field\":\"active\",\"type\":\"boolean\",\"optional\":false},"
            + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"blob\",\"type\":\"bytes\",\"optional\":true},"
            + "{\"field\":\"price\",\"type\":\"bytes\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}},"
            + "{\"field\":\"day\",\"type\":\"int32\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Date\"},"
            + "{\"field\":\"at\",\"type\":\"int32\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Time\"},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Timestamp\"},"
            + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},"
            + "\"optional\":false},"
            + "{\"field\":\"attrs\",\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},"
            + "\"values\":{\"type\":\"int32\",\"optional\":true},\"optional\":false},"
            + "{\"field\":\"by_id\",\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},"
            + "\"values\":{\"type\":\"string\",\"optional\":false},\"optional\":false},"
            + "{\"field\":\"address\",\"type\":\"struct\",\"optional\":true,\"fields\":["
            + "{\"field\":\"city\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"zip\",\"type\":\"string\",\"optional\":true}]}]}";

    @Test
    void avroObjectsHoldEveryRecordWithItsTypesUnderDeterministicKeys(LocalStack stack) {
        String topic = "s3rt.public.items";
        stack.kafka().createTopic(topic, 2);
        stack.s3().createBucket(S3Objects.BUCKET);
        stack.kafka().send(items(topic, 2, 6));
        SinkRegistration.registerOnFieldTime(stack, "s3rt-sink", topic, Map.of("prefix", "rt",
                "flush.records", "3"));

        String folder = "rt/" + topic + "/event_date=2026-01-01/";
        Await.until("four objects", TIMEOUT, () -> S3Objects.keys(stack, "rt/").size() == 4);
        assertThat(S3Objects.keys(stack, "rt/")).containsExactly(
                folder + topic + "+0+00000000000000000000.avro", folder + topic + "+0+00000000000000000003.avro",
                folder + topic + "+1+00000000000000000000.avro", folder + topic + "+1+00000000000000000003.avro");

        List<GenericRecord> records = new ArrayList<>();
        S3Objects.keys(stack, "rt/").forEach(key -> records.addAll(S3Objects.avro(stack, key)));
        assertThat(records).extracting(record -> (Long) record.get("id"))
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 100L, 101L, 102L, 103L, 104L, 105L);
        GenericRecord first = records.stream().filter(record -> (Long) record.get("id") == 101L).findFirst()
                .orElseThrow();
        assertEveryType(first, 101);
        GenericRecord withNulls = records.stream().filter(record -> (Long) record.get("id") == 100L).findFirst()
                .orElseThrow();
        assertThat(withNulls.get("name")).isNull();
        assertThat(withNulls.get("blob")).isNull();
        assertThat(withNulls.get("address")).isNull();
        stack.connect().rest().deleteConnector("s3rt-sink");
    }

    @Test
    void parquetFilesAreReadableWithTheSameValues(LocalStack stack) {
        String topic = "s3pq.public.items";
        stack.kafka().createTopic(topic, 1);
        stack.s3().createBucket(S3Objects.BUCKET);
        stack.kafka().send(items(topic, 1, 4));
        SinkRegistration.registerOnFieldTime(stack, "s3pq-sink", topic, Map.of("prefix", "pq",
                "format", "parquet", "flush.records", "4"));

        Await.until("one Parquet object", TIMEOUT, () -> S3Objects.keys(stack, "pq/").size() == 1);
        String key = S3Objects.keys(stack, "pq/").get(0);
        assertThat(key).endsWith("/" + topic + "+0+00000000000000000000.parquet");
        List<GenericRecord> records = S3Objects.parquet(stack, key);
        assertThat(records).extracting(record -> (Long) record.get("id")).containsExactly(0L, 1L, 2L, 3L);
        assertEveryType(records.get(1), 1);
        stack.connect().rest().deleteConnector("s3pq-sink");
    }

    private static void assertEveryType(GenericRecord record, long id) {
        assertThat(record.get("tiny")).isEqualTo((int) (id % 100));
        assertThat(record.get("small")).isEqualTo((int) (id * 10));
        assertThat(record.get("qty")).isEqualTo((int) id * 1000);
        assertThat(record.get("ratio")).isEqualTo(0.5f);
        assertThat(record.get("score")).isEqualTo(id / 4.0);
        assertThat(record.get("active")).isEqualTo(id % 2 == 1);
        assertThat(S3Objects.string(record.get("name"))).isEqualTo("item " + id);
        assertThat(new String(S3Objects.bytes(record.get("blob")), StandardCharsets.UTF_8)).isEqualTo("blob" + id);
        assertThat(decimal(record.get("price"))).isEqualTo(new BigDecimal("12.34").add(BigDecimal.valueOf(id)));
        assertThat(record.getSchema().getField("price").schema().getLogicalType().getName()).isEqualTo("decimal");
        // Avro's generic reader gives the encoded numbers; parquet-avro's applies the logical types.
        assertThat(record.get("day").toString()).isIn("20454", "2026-01-01");
        assertThat(record.get("at").toString()).isIn("3600000", "01:00");
        assertThat(record.get("ts").toString()).isIn(Long.toString(DAY_START + id * 1000),
                Instant.ofEpochMilli(DAY_START + id * 1000).toString());
        assertThat(record.getSchema().getField("ts").schema().getLogicalType().getName())
                .isEqualTo("timestamp-millis");
        assertThat(record.get("tags").toString()).isEqualTo("[a, b" + id + "]");
        assertThat(record.get("attrs").toString()).isEqualTo("{one=1, none=null}");
        assertThat(record.get("by_id").toString()).contains("\"key\": 7", "\"value\": \"seven\"");
        GenericRecord address = (GenericRecord) record.get("address");
        assertThat(S3Objects.string(address.get("city"))).isEqualTo("Berlin");
        assertThat(address.get("zip")).isNull();
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal decimal ? decimal
                : new BigDecimal(new BigInteger(S3Objects.bytes(value)), 2);
    }

    /** {@code perPartition} records in each partition; ids are partition * 100 + n; even ids have nulls. */
    static List<ProducerRecord<String, String>> items(String topic, int partitions, int perPartition) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (int n = 0; n < perPartition; n++) {
                long id = partition * 100L + n;
                records.add(new ProducerRecord<>(topic, partition, "{\"schema\":" + KEY_SCHEMA + ",\"payload\":"
                        + id + "}", "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":" + payload(id) + "}"));
            }
        }
        return records;
    }

    private static String payload(long id) {
        boolean nulls = id % 2 == 0;
        String price = Base64.getEncoder().encodeToString(
                new BigDecimal("12.34").add(BigDecimal.valueOf(id)).unscaledValue().toByteArray());
        String blob = Base64.getEncoder().encodeToString(("blob" + id).getBytes(StandardCharsets.UTF_8));
        return "{\"id\":" + id + ",\"tiny\":" + (id % 100) + ",\"small\":" + (id * 10) + ",\"qty\":" + (id * 1000)
                + ",\"ratio\":0.5,\"score\":" + (id / 4.0) + ",\"active\":" + (id % 2 == 1)
                + ",\"name\":" + (nulls ? "null" : "\"item " + id + "\"")
                + ",\"blob\":" + (nulls ? "null" : "\"" + blob + "\"")
                + ",\"price\":\"" + price + "\",\"day\":20454,\"at\":3600000,\"ts\":" + (DAY_START + id * 1000)
                + ",\"tags\":[\"a\",\"b" + id + "\"],\"attrs\":{\"one\":1,\"none\":null},\"by_id\":[[7,\"seven\"]]"
                + ",\"address\":" + (nulls ? "null" : "{\"city\":\"Berlin\",\"zip\":null}") + "}";
    }
}
