package dev.cdcflow.iceberg.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cdcflow.iceberg.IcebergStageConfig;
import dev.cdcflow.iceberg.IcebergStageSinkConnector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage config checked at submission against the topics' registered Avro schemas. The registry here is a
 * stand-in that answers the two Schema Registry calls the check makes with a Debezium-shaped orders envelope (the
 * real one runs in Compose, which needs Docker); the connector's validate is the one Connect calls.
 */
class RegisteredSchemaCheckTest {

    private static final String ORDERS = "storefront.public.orders";

    private HttpServer registry;

    @BeforeEach
    void startRegistry() throws IOException {
        String envelope;
        try (InputStream avsc = getClass().getResourceAsStream("/orders-envelope.avsc")) {
            envelope = new String(avsc.readAllBytes(), StandardCharsets.UTF_8);
        }
        String latest = "{\"subject\":\"" + ORDERS + "-value\",\"version\":3,\"id\":7,\"schema\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(envelope) + "}";
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/subjects" -> answer(exchange, 200, "[\"" + ORDERS + "-key\",\"" + ORDERS + "-value\","
                        + "\"elsewhere.public.things-value\"]");
                case "/subjects/" + ORDERS + "-value/versions/latest" -> answer(exchange, 200, latest);
                default -> answer(exchange, 404, "{\"error_code\":40401,\"message\":\"Subject not found.\"}");
            }
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void theShippedStageConfigFitsDebeziumsOrders() throws IOException {
        Map<String, String> config = config();
        config.remove(IcebergStageConfig.STAGE_CONFIG);
        config.put(IcebergStageConfig.STAGE_CONFIG_FILE, Path.of("..", "lakehouse", "stage_tables.yaml").toString());
        assertThat(Files.exists(Path.of(config.get(IcebergStageConfig.STAGE_CONFIG_FILE)))).isTrue();
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG_FILE)).isEmpty();
    }

    @Test
    void anUnknownFieldAndAnImpossibleCastAreRefusedNamingTableKeyAndField() {
        Map<String, String> config = config();
        config.put(IcebergStageConfig.STAGE_CONFIG, stage("""
                - {name: id, type: long}
                - {name: total, from: total_amont, type: "decimal(12, 2)"}
                - {name: gift, type: "decimal(1, 0)"}
                - {name: op, from: _op, type: string}
                """));
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG)).containsExactly(
                "stage table 'orders', key 'columns[1]' (column 'total'): the rows of topic '" + ORDERS + "' have no "
                        + "field 'total_amont'; they have id, customer_id, status, total_amount, gift, priority, "
                        + "note, placed_at, updated_at, _op, _version, _is_deleted, _source_ts_ms, _event_date, "
                        + "_event_date_source, _unchanged_columns",
                "stage table 'orders', key 'columns[2]' (column 'gift'): field 'gift' of topic '" + ORDERS + "' is "
                        + "boolean, which cannot be cast to decimal(1, 0)");
    }

    @Test
    void theFlattensOwnFieldNamesAreTheOnesChecked() {
        Map<String, String> config = config();
        config.put("transforms.flatten.op.field", "operation");
        config.put(IcebergStageConfig.STAGE_CONFIG, stage("- {name: op, from: _op, type: string}"));
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG)).singleElement().asString()
                .contains("no field '_op'").contains("operation");
    }

    @Test
    void nothingIsRefusedWhenTheRowsCannotBeKnownBeforehand() {
        Map<String, String> config = config();
        config.put(IcebergStageConfig.STAGE_CONFIG, stage("- {name: total, from: total_amont, type: string}"));
        config.put("transforms", "flatten,rename");
        config.put("transforms.rename.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG)).as("another transform may add the field")
                .isEmpty();

        config.put("transforms", "flatten");
        config.put("value.converter.schema.registry.url", "http://127.0.0.1:9");
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG)).as("registry away: rows checked as they come")
                .isEmpty();

        config.put("value.converter.schema.registry.url", "http://127.0.0.1:" + registry.getAddress().getPort());
        config.put("topics.regex", "elsewhere\\..*");
        assertThat(errors(config, IcebergStageConfig.STAGE_CONFIG)).as("no registered topic matches").isEmpty();
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", IcebergStageSinkConnector.class.getName());
        config.put("topics.regex", "storefront\\.public\\..*");
        config.put(IcebergStageConfig.CATALOG_URI_CONFIG, "jdbc:postgresql://127.0.0.1:9/iceberg");
        config.put("value.converter", "io.confluent.connect.avro.AvroConverter");
        config.put("value.converter.schema.registry.url", "http://127.0.0.1:" + registry.getAddress().getPort());
        config.put("transforms", "flatten");
        config.put("transforms.flatten.type", "dev.cdcflow.transforms.FlattenChangeEvent");
        config.put(IcebergStageConfig.STAGE_CONFIG, stage("- {name: id, type: long}"));
        return config;
    }

    private static String stage(String columns) {
        return "tables:\n  orders:\n    columns:\n" + columns.indent(6);
    }

    private static List<String> errors(Map<String, String> config, String key) {
        return new IcebergStageSinkConnector().validate(config).configValues().stream()
                .filter(value -> value.name().equals(key)).findFirst().map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
