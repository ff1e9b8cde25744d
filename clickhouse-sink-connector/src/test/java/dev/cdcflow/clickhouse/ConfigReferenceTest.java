package dev.cdcflow.clickhouse;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/clickhouse-sink.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate them by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        ConfigDocs.assertCurrent("clickhouse-sink.md",
                Map.of("ClickHouseSinkConnector", ClickHouseSinkConfig.CONFIG_DEF));
    }
}
