package dev.cdcflow.s3;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/s3-raw-sink.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate them by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        ConfigDocs.assertCurrent("s3-raw-sink.md", Map.of("S3RawSinkConnector", S3SinkConfig.CONFIG_DEF));
    }
}
