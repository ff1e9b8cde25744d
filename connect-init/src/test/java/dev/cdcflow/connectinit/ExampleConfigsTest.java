package dev.cdcflow.connectinit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example configs each plugin archive carries in {@code etc/} (from the module's {@code src/main/etc/}): the
 * repository's templates filled with .env.example, as a REST body and as a standalone worker's properties file, so
 * a user who unpacks an archive has a config to start from that is what the tests and Compose run. They are
 * generated; this test fails when one is stale. Regenerate with {@code -Ddocs.regenerate=true}.
 */
class ExampleConfigsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Each plugin module, its example's name and the template it comes from. */
    private record Example(String module, String name, String template) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("seeder-source-connector", "storefront-seeder", "storefront-seeder"),
            new Example("clickhouse-sink-connector", "clickhouse-sink", "clickhouse-sink"),
            new Example("s3-raw-sink-connector", "s3-raw-sink", "s3-raw-sink"),
            new Example("iceberg-stage-sink-connector", "iceberg-stage", "iceberg-stage"),
            new Example("batch-upload-source-connector", "batch-upload", "batch-upload"),
            // The transforms alone: how the ClickHouse sink's template chains them.
            new Example("cdc-transforms", "cdc-transforms", "clickhouse-sink"));

    @Test
    void everyPluginArchiveCarriesItsTemplateAsExamples() throws IOException {
        boolean regenerate = Boolean.getBoolean("docs.regenerate");
        for (Example example : EXAMPLES) {
            ConnectorDefinition connector = ConnectInit.render(
                    List.of(REPO.resolve("connectors/" + example.template() + ".template.json")),
                    DeploymentFilesTest.envExample()).get(0);
            Map<String, String> inOrder = inTemplateOrder(example, connector.config());
            Map<String, String> config = example.module().equals("cdc-transforms") ? transformsOf(inOrder) : inOrder;
            Path etc = REPO.resolve(example.module()).resolve("src/main/etc");
            Map<Path, String> files = Map.of(
                    etc.resolve(example.name() + ".json"), json(connector.name(), config, example),
                    etc.resolve(example.name() + ".properties"), properties(connector.name(), config, example));
            for (Map.Entry<Path, String> file : files.entrySet()) {
                if (regenerate) {
                    Files.createDirectories(etc);
                    Files.writeString(file.getKey(), file.getValue());
                }
                assertThat(file.getKey()).as("run with -Ddocs.regenerate=true to write it").exists();
                assertThat(Files.readString(file.getKey())).as(REPO.relativize(file.getKey()) + " is stale: run "
                        + "this test with -Ddocs.regenerate=true").isEqualTo(file.getValue());
            }
        }
    }

    /** The rendered settings in the order the template lists them (connector class first, and so on). */
    private static Map<String, String> inTemplateOrder(Example example, Map<String, String> rendered)
            throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        JSON.readTree(REPO.resolve("connectors/" + example.template() + ".template.json").toFile()).path("config")
                .fieldNames().forEachRemaining(key -> {
                    if (rendered.containsKey(key)) {
                        ordered.put(key, rendered.get(key));
                    }
                });
        assertThat(ordered).as("every rendered setting").hasSameSizeAs(rendered);
        return ordered;
    }

    private static Map<String, String> transformsOf(Map<String, String> config) {
        Map<String, String> transforms = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith("transforms")) {
                transforms.put(key, value);
            }
        });
        return transforms;
    }

    private static String json(String name, Map<String, String> config, Example example) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        if (!example.module().equals("cdc-transforms")) {
            body.put("name", name);
        }
        ObjectNode settings = body.putObject("config");
        config.forEach(settings::put);
        return JSON.writeValueAsString(body) + "\n";
    }

    private static String properties(String name, Map<String, String> config, Example example) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(example.module().equals("cdc-transforms")
                ? "The transforms as the ClickHouse sink chains them: add these to a sink connector's config."
                : "A standalone worker's connector config (connect-standalone worker.properties this-file).")
                .append('\n')
                .append("# Generated from connectors/").append(example.template())
                .append(".template.json with .env.example's values (Compose's host names and Avro converters).\n")
                .append("# Secrets are ${env:NAME}: the worker needs config.providers=env and\n")
                .append("# config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider.\n");
        if (!example.module().equals("cdc-transforms")) {
            text.append("name=").append(escape(name)).append('\n');
        }
        config.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    /** A value as java.util.Properties reads it back: backslashes doubled, leading blanks kept. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
