package dev.cdcflow.seeder;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/seeder.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate them by running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        ConfigDocs.assertCurrent("seeder.md", Map.of("StorefrontSeederConnector", SeederConfig.CONFIG_DEF));
    }
}
