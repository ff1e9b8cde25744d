package dev.cdcflow.transforms;

import dev.cdcflow.common.config.ConfigDocs;
import dev.cdcflow.transforms.flatten.FlattenConfig;
import dev.cdcflow.transforms.validate.ValidateConfig;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/cdc-transforms.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate them by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        ConfigDocs.assertCurrent("cdc-transforms.md", Map.of("FlattenChangeEvent", FlattenConfig.CONFIG_DEF,
                "ValidateRow", ValidateConfig.CONFIG_DEF));
    }
}
