package dev.cdcflow.batch;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option table in docs/batch.md is generated from the ConfigDef; this fails when they drift. Regenerate it by
 * running this test with {@code -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    @Test
    void optionTableMatchesTheConfigDef() throws IOException {
        ConfigDocs.assertCurrent("batch.md", Map.of("BatchUploadSourceConnector", BatchUploadConfig.CONFIG_DEF));
    }
}
