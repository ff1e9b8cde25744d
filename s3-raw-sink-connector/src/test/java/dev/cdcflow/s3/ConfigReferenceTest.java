package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/s3-raw-sink.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate them by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    private static final Map<String, ConfigDef> SECTIONS =
            Map.of("S3RawSinkConnector", S3SinkConfig.CONFIG_DEF);
    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "s3-raw-sink.md");

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        String current = Files.readString(DOC);
        String generated = ConfigDocs.documentWithTables(DOC, SECTIONS, Boolean.getBoolean("docs.regenerate"));

        assertThat(current).as("docs/s3-raw-sink.md is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }
}
