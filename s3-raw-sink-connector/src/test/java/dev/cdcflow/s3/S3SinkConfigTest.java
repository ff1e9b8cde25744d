package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3SinkConfigTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "s3.bucket           | \"\"",
        "s3.endpoint         | minio:9000",
        "s3.part.size        | 1048576",
        "prefix              | /raw",
        "path.format         | ${topic}/${week}",
        "path.format         | ${topic}//x",
        "path.timezone       | Mars/Olympus",
        "format              | csv",
        "avro.codec          | lz4",
        "null.values         | keep",
        "flush.records       | 0",
        "buffer.max.bytes    | 1000",
    })
    void invalidValueIsRefusedNamingTheKey(String key, String value) {
        Map<String, String> config = new HashMap<>(Map.of("s3.bucket", "raw"));
        config.put(key, value);

        assertThat(errors(config, key)).isNotEmpty().allMatch(message -> message.contains(key));
    }

    @Test
    void writingNullValuesNeedsAnEnvelope() {
        Map<String, String> config = Map.of("s3.bucket", "raw", "null.values", "write");

        assertThat(errors(config, "null.values")).singleElement().asString().contains("envelope=true");
        assertThatThrownBy(() -> new S3SinkConfig(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("null.values");
        assertThat(errors(Map.of("s3.bucket", "raw", "null.values", "write", "envelope", "true"), "null.values"))
                .isEmpty();
    }

    @Test
    void bucketIsRequiredAndTheSecretIsAPassword() {
        assertThat(errors(Map.of(), "s3.bucket")).isNotEmpty();
        assertThat(S3SinkConfig.CONFIG_DEF.configKeys().get("s3.secret.access.key").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(new S3SinkConfig(Map.of("s3.bucket", "raw", "s3.secret.access.key", "hush")).toString())
                .doesNotContain("hush");
    }

    private static java.util.List<String> errors(Map<String, String> config, String key) {
        ConfigValue value = new S3RawSinkConnector().validate(config).configValues().stream()
                .filter(candidate -> candidate.name().equals(key)).findFirst().orElseThrow();
        return value.errorMessages();
    }
}
