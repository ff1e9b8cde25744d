package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.config.ConfigDocs;
import dev.cdcflow.transforms.flatten.FlattenConfig;
import dev.cdcflow.transforms.validate.ValidateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The option tables in docs/cdc-transforms.md are generated from the ConfigDefs; this fails when they drift.
 * Regenerate with {@code ./mvnw -pl cdc-transforms test -Dtest=ConfigReferenceTest -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "cdc-transforms.md");

    @Test
    void optionTablesMatchTheConfigDefs() throws IOException {
        String current = Files.readString(DOC);
        String generated = ConfigDocs.replaceSection(current, "FlattenChangeEvent",
                ConfigDocs.markdownTable(FlattenConfig.CONFIG_DEF));
        generated = ConfigDocs.replaceSection(generated, "ValidateRow",
                ConfigDocs.markdownTable(ValidateConfig.CONFIG_DEF));

        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(DOC, generated);
        }
        assertThat(current).as("docs/cdc-transforms.md is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }
}
