package dev.cdcflow.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.connectinit.ConnectorDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kafka Connect REST API, as the local stack's tests and commands use it. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRestClient(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** One installed plugin as {@code GET /connector-plugins} reports it. */
    public record Plugin(String className, String type, String version) {
    }

    /** Every plugin the worker found: connectors, transforms, predicates, converters. */
    public List<Plugin> plugins() {
        JsonNode body = send("GET", "/connector-plugins?connectorsOnly=false", null, 200);
        List<Plugin> plugins = new ArrayList<>();
        body.forEach(node -> plugins.add(new Plugin(
                node.path("class").asText(), node.path("type").asText(), node.path("version").asText())));
        return plugins;
    }

    /** Creates the connector, or updates its config when it exists (idempotent, like {@code connect-init}). */
    public void putConnector(ConnectorDefinition connector) {
        send("PUT", "/connectors/" + encode(connector.name()) + "/config", connector.config(), 200, 201);
    }

    public void deleteConnector(String name) {
        send("DELETE", "/connectors/" + encode(name), null, 204, 404);
    }

    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        send("GET", "/connectors", null, 200).forEach(node -> names.add(node.asText()));
        return names;
    }

    /** {@code GET /connectors/{name}/status}. */
    public JsonNode status(String name) {
        return send("GET", "/connectors/" + encode(name) + "/status", null, 200);
    }

    /** {@code GET /connectors/{name}/config}: the config as stored, config provider references unresolved. */
    public JsonNode config(String name) {
        return send("GET", "/connectors/" + encode(name) + "/config", null, 200);
    }

    /** {@code GET /connectors/{name}/offsets}. */
    public JsonNode offsets(String name) {
        return send("GET", "/connectors/" + encode(name) + "/offsets", null, 200);
    }

    /** {@code DELETE /connectors/{name}/offsets}: the connector must be stopped first. */
    public void resetOffsets(String name) {
        send("DELETE", "/connectors/" + encode(name) + "/offsets", null, 200);
    }

    /**
     * {@code PATCH /connectors/{name}/offsets} for a sink connector: the next offset to read of one partition. The
     * connector must be stopped first.
     */
    public void alterSinkOffset(String name, String topic, int partition, long nextOffset) {
        send("PATCH", "/connectors/" + encode(name) + "/offsets", Map.of("offsets", List.of(Map.of(
                "partition", Map.of("kafka_topic", topic, "kafka_partition", partition),
                "offset", Map.of("kafka_offset", nextOffset)))), 200);
    }

    public void pause(String name) {
        send("PUT", "/connectors/" + encode(name) + "/pause", null, 202);
    }

    public void resume(String name) {
        send("PUT", "/connectors/" + encode(name) + "/resume", null, 202);
    }

    public void stopConnector(String name) {
        send("PUT", "/connectors/" + encode(name) + "/stop", null, 202, 204);
    }

    /**
     * Restarts the connector and all of its tasks. Right after a config change the worker may answer 409 (its view of
     * the configs is stale until the change is read back); that is waited out for up to 30 s.
     */
    public void restart(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=false", null,
                        200, 202, 204);
                return;
            } catch (ConnectRestException e) {
                if (e.status() != 409 || System.nanoTime() > deadline) {
                    throw e;
                }
                Await.sleep(Duration.ofMillis(250));
            }
        }
    }

    /** Restarts one task of the connector ({@code POST /connectors/{name}/tasks/{task}/restart}). */
    public void restartTask(String name, int task) {
        send("POST", "/connectors/" + encode(name) + "/tasks/" + task + "/restart", null, 200, 202, 204);
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: the worker's verdict on a config, per key. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        String plugin = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        return send("PUT", "/connector-plugins/" + encode(plugin) + "/config/validate", config, 200);
    }

    /**
     * Waits until the connector and at least {@code minTasks} tasks are RUNNING. Fails at once, with the worker's
     * stack trace, when the connector or a task has FAILED.
     */
    public void awaitRunning(String name, int minTasks, Duration timeout) {
        awaitState(name, "RUNNING", minTasks, timeout);
    }

    /** Waits until the connector and at least {@code minTasks} tasks report {@code state}. */
    public void awaitState(String name, String state, int minTasks, Duration timeout) {
        Await.value("connector " + name + " and " + minTasks + " task(s) " + state, timeout, () -> {
            JsonNode status;
            try {
                status = status(name);
            } catch (ConnectRestException e) {
                if (e.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
            failIfFailed(name, status);
            boolean connectorInState = state.equals(status.path("connector").path("state").asText());
            int tasksInState = 0;
            for (JsonNode task : status.path("tasks")) {
                if (state.equals(task.path("state").asText())) {
                    tasksInState++;
                }
            }
            return connectorInState && tasksInState >= minTasks ? Optional.of(status) : Optional.empty();
        });
    }

    /** Waits until task 0 of the connector has FAILED and returns its stack trace (what the worker reports). */
    public String awaitTaskFailure(String name, Duration timeout) {
        return Await.value("task 0 of " + name + " to fail", timeout, () -> {
            JsonNode task = status(name).path("tasks").path(0);
            return "FAILED".equals(task.path("state").asText())
                    ? Optional.of(task.path("trace").asText()) : Optional.empty();
        });
    }

    private static void failIfFailed(String name, JsonNode status) {
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            throw new FailedConnectorException("Connector " + name + " FAILED:\n"
                    + status.path("connector").path("trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new FailedConnectorException("Task " + task.path("id").asInt() + " of " + name + " FAILED:\n"
                        + task.path("trace").asText());
            }
        }
    }

    private JsonNode send(String method, String path, Object body, int... expectedStatus) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(toJson(body));
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + path + " failed: " + e.getMessage(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
        for (int expected : expectedStatus) {
            if (response.statusCode() == expected) {
                return parse(response.body());
            }
        }
        throw new ConnectRestException(method + " " + path + " answered " + response.statusCode() + ": "
                + response.body(), response.statusCode());
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write request body as JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Connect answered with invalid JSON: " + body, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A REST call that answered with an unexpected HTTP status (or none: status -1). */
    public static final class ConnectRestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ConnectRestException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The connector or one of its tasks is FAILED; waiting longer cannot help. */
    public static final class FailedConnectorException extends ConditionFailedException {
        private static final long serialVersionUID = 1L;

        FailedConnectorException(String message) {
            super(message);
        }
    }
}
