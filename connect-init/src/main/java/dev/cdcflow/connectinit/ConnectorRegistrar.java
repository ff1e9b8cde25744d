package dev.cdcflow.connectinit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates or updates connectors through a Connect worker's REST API, idempotently: a connector whose config is
 * already the wanted one is left alone (a {@code PUT} would restart it), others get {@code PUT
 * /connectors/{name}/config}. Waits out a worker that is still starting or rebalancing; a config the worker refuses
 * fails at once with the worker's own message, which names the offending keys.
 */
public final class ConnectorRegistrar {

    /** What {@link #register} did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code timeout} bounds how long one call waits for a worker that is not ready yet. */
    public ConnectorRegistrar(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.timeout = timeout;
    }

    /** Waits until the worker's REST API answers {@code GET /connectors}. */
    public void awaitReady() {
        retrying("the Connect worker at " + baseUrl + " to answer", () -> send("GET", "/connectors", null));
    }

    /** Creates or updates the connector, or leaves it alone when its config is already this one. */
    public Outcome register(ConnectorDefinition connector) {
        String path = "/connectors/" + URLEncoder.encode(connector.name(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/config";
        Map<String, String> wanted = new HashMap<>(connector.config());
        wanted.put("name", connector.name());
        return retrying("connector " + connector.name() + " to be registered", () -> {
            Response current = send("GET", path, null);
            if (current.status() == 200 && current.config().equals(wanted)) {
                return Outcome.UNCHANGED;
            }
            Response put = send("PUT", path, connector.config());
            if (put.status() == 201) {
                return Outcome.CREATED;
            }
            if (put.status() == 200) {
                return Outcome.UPDATED;
            }
            throw new RegistrationException("The Connect worker refused connector " + connector.name() + " (HTTP "
                    + put.status() + "): " + put.body());
        });
    }

    private record Response(int status, String body) {

        Map<String, String> config() {
            try {
                return JSON.readValue(body, new TypeReference<Map<String, String>>() { });
            } catch (JsonProcessingException e) {
                return Map.of();
            }
        }
    }

    private interface Call<T> {
        T run() throws IOException, NotReadyException;
    }

    private static final class NotReadyException extends Exception {
        NotReadyException(String message) {
            super(message);
        }
    }

    private <T> T retrying(String what, Call<T> call) {
        Instant deadline = Instant.now().plus(timeout);
        String lastProblem = "";
        while (true) {
            try {
                return call.run();
            } catch (IOException | NotReadyException e) {
                lastProblem = String.valueOf(e.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new RegistrationException("Gave up after " + timeout.toSeconds() + " s waiting for " + what
                        + ": " + lastProblem);
            }
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistrationException("Interrupted while waiting for " + what);
            }
        }
    }

    private Response send(String method, String path, Map<String, String> body)
            throws IOException, NotReadyException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // A worker that is starting answers 5xx or not at all; during a rebalance it answers 409.
        if (response.statusCode() == 409 || response.statusCode() >= 500) {
            throw new NotReadyException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return new Response(response.statusCode(), response.body());
    }
}
