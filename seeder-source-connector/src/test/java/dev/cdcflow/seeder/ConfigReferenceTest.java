package dev.cdcflow.seeder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The option table in docs/seeder.md is generated from the ConfigDef; this fails when it drifts. Regenerate with
 * {@code ./mvnw -pl seeder-source-connector test -Dtest=ConfigReferenceTest -Ddocs.regenerate=true}.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "seeder.md");

    @Test
    void optionTableMatchesTheConfigDef() throws IOException {
        String current = Files.readString(DOC);
        String generated = ConfigDocs.replaceSection(current, "StorefrontSeederConnector",
                ConfigDocs.markdownTable(SeederConfig.CONFIG_DEF));
        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(DOC, generated);
        }
        assertThat(current).as("docs/seeder.md is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }
}
