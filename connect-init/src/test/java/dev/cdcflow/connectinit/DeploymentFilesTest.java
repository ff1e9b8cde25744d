package dev.cdcflow.connectinit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lints the deployment files no Docker engine is needed to check (scripts/check-deployment.sh validates the Compose
 * files themselves): the templates render with .env.example, every setting there is used and every one the Compose
 * file reads is there, and the Connect image builds every plugin module.
 */
class DeploymentFilesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[-?][^}]*)?}");

    @Test
    void everyTemplateRendersWithEnvExampleAndTakesItsConvertersFromIt() {
        List<ConnectorDefinition> connectors = ConnectInit.render(List.of(REPO.resolve("connectors")), envExample());

        assertThat(connectors).extracting(ConnectorDefinition::name).containsExactly("batch-clickhouse",
                "batch-upload", "storefront-clickhouse",
                "storefront-debezium", "storefront-iceberg-stage", "storefront-s3-raw", "storefront-seeder");
        assertThat(connectors).allSatisfy(connector -> {
            assertThat(connector.config()).containsEntry("key.converter", "io.confluent.connect.avro.AvroConverter")
                    .containsEntry("value.converter", "io.confluent.connect.avro.AvroConverter")
                    .containsEntry("value.converter.schema.registry.url", "http://schema-registry:8081");
            assertThat(connector.config().values()).noneMatch(value -> VARIABLE.matcher(value).find());
        });
    }

    /** Closed to the network unless .env opens it: every host port on PUBLISH_ADDRESS, loopback by default. */
    @Test
    void everyPublishedPortListensOnThePublishAddress() throws IOException {
        Pattern portEntry = Pattern.compile("^\\s+- \"([^\"]*:\\d+)\"\\s*$");
        List<String> published = new ArrayList<>();
        for (String file : List.of("docker-compose.yml", "docker-compose.kraft-cluster.yml")) {
            boolean inPorts = false;
            for (String line : read(REPO.resolve(file)).lines().toList()) {
                if (line.strip().equals("ports:")) {
                    inPorts = true;
                } else if (inPorts && line.strip().startsWith("- ")) {
                    Matcher entry = portEntry.matcher(line);
                    assertThat(entry.matches()).as(file + ": a port in the short quoted form: " + line).isTrue();
                    published.add(file + ": " + entry.group(1));
                } else if (inPorts && !line.strip().startsWith("#")) {
                    inPorts = false;
                }
            }
        }
        assertThat(published).hasSizeGreaterThanOrEqualTo(14)
                .allSatisfy(port -> assertThat(port).contains(": ${PUBLISH_ADDRESS:-127.0.0.1}:"));
        assertThat(envExample()).containsEntry("PUBLISH_ADDRESS", "127.0.0.1");
    }

    @Test
    void everySettingInEnvExampleIsReadSomewhereAndEveryOneComposeReadsIsThere() throws IOException {
        Set<String> readNames = new TreeSet<>();
        for (Path file : deploymentFiles()) {
            String text = read(file);
            Matcher variable = VARIABLE.matcher(text);
            while (variable.find()) {
                readNames.add(variable.group(1));
            }
        }
        // What connect-init's PostgreSQL migrations read besides the SQL's placeholders (its connection and the
        // Java migration's settings).
        readNames.addAll(PostgresMigrations.SETTINGS.keySet());
        readNames.addAll(List.of("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD"));
        Set<String> defined = new TreeSet<>(envExample().keySet());
        // Compose reads this one itself (container names).
        defined.remove("COMPOSE_PROJECT_NAME");

        String templates = String.join("\n", templates().stream().map(DeploymentFilesTest::read).toList());
        assertThat(readNames).as("names the deployment files read but .env.example lacks")
                .filteredOn(name -> !optionalTemplateSetting(name, templates)).isSubsetOf(defined);
        assertThat(defined).as("settings in .env.example nothing reads").isSubsetOf(readNames);
    }

    @Test
    void connectorsReadmeDocumentsEveryTemplateVariable() throws IOException {
        String readme = Files.readString(REPO.resolve("connectors/README.md"));
        Set<String> undocumented = new TreeSet<>();
        for (Path template : templates()) {
            Matcher variable = VARIABLE.matcher(Files.readString(template));
            while (variable.find()) {
                if (!readme.contains("`" + variable.group(1) + "`")) {
                    undocumented.add(variable.group(1));
                }
            }
        }
        assertThat(undocumented).as("template variables connectors/README.md does not explain").isEmpty();
    }

    @Test
    void theConnectImageBuildsAndCopiesEveryPluginModule() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("connect-image/Dockerfile"));
        Set<String> pluginModules;
        try (Stream<Path> modules = Files.list(REPO)) {
            pluginModules = modules
                    .filter(dir -> Files.isDirectory(dir.resolve("src/main/resources/META-INF/services")))
                    .map(dir -> dir.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(pluginModules).contains("cdc-transforms", "seeder-source-connector", "clickhouse-sink-connector",
                "s3-raw-sink-connector");
        for (String module : pluginModules) {
            assertThat(dockerfile).as("the Dockerfile builds " + module)
                    .containsPattern("-pl [^ ]*\\b" + module + "\\b");
            assertThat(dockerfile).as("the Dockerfile copies " + module).contains(module + "/target/plugin/*");
        }
        assertThat(Files.readString(REPO.resolve("docker-compose.yml"))).contains(ConnectInit.class.getName());
    }

    @Test
    void theImageRunsThePomsJmxExporterWithTheRulesPrometheusAndGrafanaExpect() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("connect-image/Dockerfile"));
        Matcher pomVersion = Pattern.compile("<jmx-exporter.version>([^<]+)</jmx-exporter.version>")
                .matcher(Files.readString(REPO.resolve("pom.xml")));
        assertThat(pomVersion.find()).isTrue();
        assertThat(dockerfile).contains("ARG JMX_EXPORTER_VERSION=" + pomVersion.group(1))
                .contains("COPY monitoring/jmx-exporter.yml /etc/cdcflow/monitoring/jmx-exporter.yml")
                .contains("jmx_prometheus_javaagent.jar=9404:/etc/cdcflow/monitoring/jmx-exporter.yml");
        assertThat(Files.readString(REPO.resolve("monitoring/prometheus.yml"))).contains("\"connect:9404\"");
        String datasource = Files.readString(
                REPO.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("uid: prometheus").contains("url: http://prometheus:9090");
        assertThat(Files.readString(REPO.resolve("monitoring/grafana/dashboards/cdcflow-pipeline.json")))
                .contains("\"uid\": \"prometheus\"").doesNotContain("${DS_");
    }

    /** Template settings with a default: .env.example lists the usual ones only. */
    private static boolean optionalTemplateSetting(String name, String templates) {
        return templates.contains("${" + name + ":-");
    }

    private static List<Path> deploymentFiles() throws IOException {
        List<Path> files = new ArrayList<>(templates());
        files.add(REPO.resolve("docker-compose.yml"));
        files.add(REPO.resolve("docker-compose.kraft-cluster.yml"));
        try (Stream<Path> sql = Files.walk(REPO.resolve("sql"))) {
            sql.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> listing = Files.list(REPO.resolve("connectors"))) {
            return listing.filter(file -> file.toString().endsWith(".template.json")).sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** .env.example as KEY=VALUE pairs, as Compose reads it (no quotes, no expansion). */
    static Map<String, String> envExample() {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(REPO.resolve(".env.example"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int equals = line.indexOf('=');
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return values;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
