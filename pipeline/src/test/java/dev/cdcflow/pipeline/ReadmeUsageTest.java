package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the main command's options as its --help prints them. */
class ReadmeUsageTest {

    @Test
    void theReadmeShowsTheMainCommandsUsage() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String start = "<!-- pipeline-usage -->\n```\n";
        String shown = readme.substring(readme.indexOf(start) + start.length(),
                readme.indexOf("```\n<!-- /pipeline-usage -->"));

        assertThat(shown.strip()).isEqualTo(PipelineOptions.USAGE.strip());
    }
}
