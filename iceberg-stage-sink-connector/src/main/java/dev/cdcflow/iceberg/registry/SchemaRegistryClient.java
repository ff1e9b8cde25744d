package dev.cdcflow.iceberg.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads subjects from a Confluent-compatible Schema Registry over its REST API: the subject names, and the newest
 * Avro schema of a subject. Only what the stage's check at submission needs; the converters do the rest.
 */
final class SchemaRegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** {@code userInfo} ("user:password") for basic authentication, or null. */
    SchemaRegistryClient(String url, String userInfo) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    List<String> subjects() throws IOException {
        List<String> subjects = new ArrayList<>();
        get("subjects").orElseThrow(() -> new IOException("the registry has no /subjects"))
                .forEach(subject -> subjects.add(subject.asText()));
        return subjects;
    }

    /** The newest schema of the subject, if the subject exists and its schema is Avro. */
    Optional<org.apache.avro.Schema> latestAvroSchema(String subject) throws IOException {
        Optional<JsonNode> latest = get("subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/versions/latest");
        if (latest.isEmpty() || !latest.get().path("schemaType").asText("AVRO").equals("AVRO")) {
            return Optional.empty();
        }
        return Optional.of(new org.apache.avro.Schema.Parser().parse(latest.get().path("schema").asText()));
    }

    /** The JSON at the path, or empty for a 404. */
    private Optional<JsonNode> get(String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
