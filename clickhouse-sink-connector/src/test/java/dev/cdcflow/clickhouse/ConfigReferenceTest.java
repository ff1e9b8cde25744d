package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The option table in docs/clickhouse-sink.md is generated from the ConfigDef; this fails when it drifts.
 * Regenerate with {@code ./mvnw -pl clickhouse-sink-connector test -Dtest=ConfigReferenceTest -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "clickhouse-sink.md");

    @Test
    void optionTableMatchesTheConfigDef() throws IOException {
        String current = Files.readString(DOC);
        String generated = ConfigDocs.replaceSection(current, "ClickHouseSinkConnector",
                ConfigDocs.markdownTable(ClickHouseSinkConfig.CONFIG_DEF));
        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(DOC, generated);
        }
        assertThat(current).as("docs/clickhouse-sink.md is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }
}
