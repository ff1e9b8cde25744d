package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every codec works inside the plugin's own class loader, where the codec libraries come from the worker (snappy and
 * zstd ship with Kafka's clients) or from the plugin (deflate, gzip): the files are readable and complete.
 */
@LocalStackTest
class CodecsTest {

    private static final String TOPIC = "codec3.public.items";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"avro, null", "avro, deflate", "avro, zstd", "parquet, uncompressed", "parquet, gzip",
        "parquet, zstd"})
    void filesOfEveryCodecReadBack(String format, String codec, LocalStack stack) {
        stack.kafka().createTopic(TOPIC, 1);
        stack.s3().createBucket(S3Objects.BUCKET);
        if (stack.kafka().readAll(TOPIC).isEmpty()) {
            stack.kafka().send(S3RawSinkTest.items(TOPIC, 1, 4));
        }
        String name = "codec-" + format + "-" + codec;
        SinkRegistration.registerOnFieldTime(stack, name, TOPIC, Map.of("prefix", name, "format", format,
                format + ".codec", codec, "flush.records", "4"));

        Await.until("an object", Duration.ofSeconds(60), () -> S3Objects.keys(stack, name + "/").size() == 1);
        String key = S3Objects.keys(stack, name + "/").get(0);
        List<GenericRecord> records = format.equals("avro") ? S3Objects.avro(stack, key)
                : S3Objects.parquet(stack, key);
        assertThat(records).extracting(record -> (Long) record.get("id")).containsExactly(0L, 1L, 2L, 3L);
        stack.connect().rest().deleteConnector(name);
    }
}
