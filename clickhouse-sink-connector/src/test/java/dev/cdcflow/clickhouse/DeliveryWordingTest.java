package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sink promises at-least-once delivery made idempotent by ReplacingMergeTree (one row per key after FINAL), as
 * its tests prove; no text users read about it may promise exactly once.
 */
class DeliveryWordingTest {

    private static final Pattern EXACTLY_ONCE = Pattern.compile("(?i)exactly[- ]once");

    @Test
    void noTextAboutTheSinkPromisesExactlyOnce() throws IOException {
        for (Path text : new Path[] {Path.of("src/main/connect-plugin/manifest.json"), Path.of("pom.xml"),
                Path.of("README.md"), Path.of("../docs/clickhouse-sink.md")}) {
            assertThat(EXACTLY_ONCE.matcher(Files.readString(text)).find()).as(text.toString()).isFalse();
        }
        String readmeRow = Files.readString(Path.of("../README.md")).lines()
                .filter(line -> line.startsWith("| `clickhouse-sink-connector`")).findFirst().orElseThrow();
        assertThat(EXACTLY_ONCE.matcher(readmeRow).find()).as("the README's row of the sink").isFalse();
    }
}
