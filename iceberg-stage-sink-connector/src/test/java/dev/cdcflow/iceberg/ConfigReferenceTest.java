package dev.cdcflow.iceberg;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option table in docs/iceberg-stage.md is generated from the ConfigDef; this fails when they drift. Regenerate
 * it by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTableMatchesTheConfigDef() throws IOException {
        ConfigDocs.assertCurrent("iceberg-stage.md",
                Map.of("IcebergStageSinkConnector", IcebergStageConfig.CONFIG_DEF));
    }
}
