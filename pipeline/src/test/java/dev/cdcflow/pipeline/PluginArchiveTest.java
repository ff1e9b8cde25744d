package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each plugin archive holds: a manifest, the module jar with its ServiceLoader entries, no Connect jars. */
class PluginArchiveTest {

    private static final Path ARCHIVES = Path.of(System.getProperty("plugin.archives.dir", "target/plugin-archives"));
    private static final String VERSION = System.getProperty("project.version");
    /** Jars the Connect worker provides; a plugin that bundles them shadows the worker's own classes. */
    private static final List<String> PROVIDED_BY_CONNECT = List.of("kafka-clients", "connect-api", "connect-json",
            "connect-transforms", "connect-runtime", "slf4j-", "log4j-", "logback-", "reload4j", "snappy-java",
            "zstd-jni");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(System.getProperty("basedir", "."), "..", "docs");

    /** Each plugin's page in docs/, which states the tested workers too. */
    private static final Map<String, String> DOCS_PAGES = Map.of("cdc-transforms", "cdc-transforms.md",
            "seeder-source-connector", "seeder.md", "clickhouse-sink-connector", "clickhouse-sink.md",
            "s3-raw-sink-connector", "s3-raw-sink.md", "iceberg-stage-sink-connector", "iceberg-stage.md",
            "batch-upload-source-connector", "batch.md");

    @ParameterizedTest
    @ValueSource(strings = {"cdc-transforms", "seeder-source-connector", "clickhouse-sink-connector",
            "s3-raw-sink-connector", "iceberg-stage-sink-connector", "batch-upload-source-connector"})
    void archiveHoldsManifestJarAndServicesButNoConnectJars(String plugin) throws IOException {
        String base = plugin + "-" + VERSION + "/";
        try (ZipFile zip = new ZipFile(ARCHIVES.resolve(plugin + "-" + VERSION + ".zip").toFile())) {
            List<String> entries = zip.stream().map(ZipEntry::getName).collect(Collectors.toList());

            assertThat(entries).allMatch(name -> name.startsWith(base), "everything under " + base);
            assertThat(entries).contains(base + "manifest.json", base + "doc/README.md", base + "doc/LICENSE",
                    base + "lib/" + plugin + "-" + VERSION + ".jar",
                    base + "lib/connect-common-" + VERSION + ".jar");
            assertThat(entries.stream().filter(name -> name.startsWith(base + "lib/"))
                    .map(name -> name.substring(name.lastIndexOf('/') + 1)))
                    .noneMatch(jar -> PROVIDED_BY_CONNECT.stream().anyMatch(jar::startsWith));

            JsonNode manifest = JSON.readTree(zip.getInputStream(zip.getEntry(base + "manifest.json")));
            assertThat(manifest.path("name").asText()).isEqualTo(plugin);
            assertThat(manifest.path("version").asText()).isEqualTo(VERSION);
            assertThat(manifest.path("component_types")).isNotEmpty();
            assertThat(manifest.path("requirements").get(0).asText()).as("the tested workers")
                    .isEqualTo(testedClaim());
            // What Confluent Hub and users look for: where the source, the docs and help are, and examples.
            assertThat(manifest.path("source_url").asText()).startsWith("https://");
            assertThat(manifest.path("documentation_url").asText()).startsWith("https://")
                    .endsWith("/docs/" + DOCS_PAGES.get(plugin));
            assertThat(manifest.path("support").path("url").asText()).startsWith("https://");
            assertThat(manifest.path("support").path("summary").asText()).isNotBlank();
            assertThat(entries).as("example configs in etc/").anyMatch(name -> name.startsWith(base + "etc/")
                    && name.endsWith(".properties")).anyMatch(name -> name.startsWith(base + "etc/")
                    && name.endsWith(".json"));
            String readme = new String(zip.getInputStream(zip.getEntry(base + "doc/README.md")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(readme.replaceAll("\\s+", " ")).as("the plugin's README on the tested workers")
                    .contains(testedClaim());
            assertThat(Files.readString(DOCS.resolve(DOCS_PAGES.get(plugin))).replaceAll("\\s+", " "))
                    .as("docs/%s on the tested workers", DOCS_PAGES.get(plugin)).contains(testedClaim());

            List<String> services = servicesOf(zip.getInputStream(
                    zip.getEntry(base + "lib/" + plugin + "-" + VERSION + ".jar")));
            assertThat(services).as("META-INF/services entries of the module jar").isNotEmpty();
        }
    }

    /**
     * The manifests' claim holds: in the latest full run of scripts/test-worker-compat.sh
     * (docs/benchmarks/worker-compat.txt) every worker version they name passed every plugin on every Java they
     * name, and that run covered exactly those.
     */
    @Test
    void theTestedWorkersAreTheOnesTheCompatibilityRunPassed() throws IOException {
        List<String[]> rows = Files.readAllLines(DOCS.resolve("benchmarks/worker-compat.txt")).stream()
                .filter(line -> line.matches("\\| \\d.*")).map(line -> line.split("\\|")).toList();
        assertThat(rows).as("rows of the compatibility table").isNotEmpty()
                .allSatisfy(row -> assertThat(row[4].trim()).as(String.join("|", row)).isEqualTo("pass"));
        assertThat(rows.stream().map(row -> row[1].trim()).distinct().toList())
                .as("worker versions of the compatibility run").isEqualTo(testedVersions());
        Map<String, Set<String>> pluginsByWorkerAndJava = rows.stream().collect(Collectors.groupingBy(
                row -> row[1].trim() + " on Java " + row[2].trim().split("\\.")[0],
                Collectors.mapping(row -> row[3].trim(), Collectors.toSet())));
        Set<String> plugins = rows.stream().map(row -> row[3].trim()).collect(Collectors.toSet());
        for (String version : testedVersions()) {
            for (String java : testedJavas()) {
                assertThat(pluginsByWorkerAndJava.get(version + " on Java " + java))
                        .as("plugins that passed on Kafka Connect %s on Java %s", version, java).isEqualTo(plugins);
            }
        }
    }

    /** What the manifests, the plugins' READMEs and their docs pages say of the tested workers. */
    private static String testedClaim() {
        return "Kafka Connect workers tested: " + String.join(" ", testedVersions()) + "; Java runtimes tested: "
                + String.join(" ", testedJavas());
    }

    private static List<String> testedVersions() {
        return List.of(System.getProperty("connect.tested.versions").split(" "));
    }

    private static List<String> testedJavas() {
        return List.of(System.getProperty("connect.tested.javas").split(" "));
    }

    private static List<String> servicesOf(InputStream jar) throws IOException {
        try (JarInputStream in = new JarInputStream(jar)) {
            List<String> implementations = new ArrayList<>();
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Stream.of(text.split("\n")).map(String::trim).filter(line -> !line.isEmpty())
                            .forEach(implementations::add);
                }
            }
            return implementations;
        }
    }
}
