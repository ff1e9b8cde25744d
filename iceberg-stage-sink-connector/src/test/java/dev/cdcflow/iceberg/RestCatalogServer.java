package dev.cdcflow.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * An Iceberg REST catalog for the tests: the REST protocol's namespace and table routes over HTTP, each answered by
 * Iceberg's own {@link CatalogHandlers} (the request handling of Iceberg's reference server) on a JDBC catalog in
 * the local stack's PostgreSQL. Errors go back as the protocol's error bodies and codes (404, 409, 400, 500), so the
 * client sees the exceptions a real server gives it: a conflicting commit is the client's CommitFailedException.
 * Every route but the token endpoint asks for the bearer token the token endpoint issues to the one OAuth2 client it
 * knows (client credentials), as catalogs such as Polaris do. Iceberg publishes its own REST test server only in
 * test jars that Maven Central here does not serve.
 */
final class RestCatalogServer implements AutoCloseable {

    private static final String V1 = "/v1/";

    private static final String TOKENS = "/v1/oauth/tokens";

    private final Catalog catalog;
    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final String token = "token-" + UUID.randomUUID();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    /** How many of the next commits that add a snapshot are answered 409, as a conflicting commit is. */
    private final AtomicInteger commitsToRefuse = new AtomicInteger();
    /** Set as Iceberg's own REST mapper sets it: request and response classes are read and written by field. */
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Starts serving the catalog that {@code jdbcCatalogProperties} open (a JdbcCatalog with S3FileIO), to holders
     * of a token issued for the client {@code clientId} with {@code clientSecret}.
     */
    RestCatalogServer(String name, Map<String, String> jdbcCatalogProperties, String clientId, String clientSecret)
            throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        RESTSerializers.registerAll(json);
        this.catalog = CatalogUtil.buildIcebergCatalog(name, jdbcCatalogProperties, null);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers the next {@code count} commits that add a snapshot with 409 (a conflict), without applying them. */
    void refuseCommits(int count) {
        commitsToRefuse.set(count);
    }

    /** The base URL clients give as {@code catalog.uri}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals(TOKENS)) {
                issueToken(exchange);
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, ErrorResponse.builder().responseCode(401).withType("NotAuthorizedException")
                        .withMessage("a bearer token from " + TOKENS + " is needed").build());
                return;
            }
            try {
                Object response = route(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestBody());
                if (response == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    send(exchange, 200, response);
                }
            } catch (NoSuchNamespaceException | NoSuchTableException e) {
                send(exchange, 404, error(404, e));
            } catch (AlreadyExistsException | CommitFailedException e) {
                send(exchange, 409, error(409, e));
            } catch (IllegalArgumentException | ValidationException e) {
                send(exchange, 400, error(400, e));
            } catch (RuntimeException e) {
                send(exchange, 500, error(500, e));
            }
        }
    }

    /** OAuth2 client credentials: the token for the known client, 401 for any other. */
    private void issueToken(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        if (!"client_credentials".equals(form.get("grant_type")) || !clientId.equals(form.get("client_id"))
                || !clientSecret.equals(form.get("client_secret"))) {
            send(exchange, 401, Map.of("error", "invalid_client", "error_description", "unknown client"));
            return;
        }
        send(exchange, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 3600,
                "issued_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    /** The answer to one request, null for "204 No Content"; a route the stage never takes is a 400. */
    private Object route(String method, String rawPath, InputStream body) throws IOException {
        if (!rawPath.startsWith(V1)) {
            throw new IllegalArgumentException("not a REST catalog path: " + rawPath);
        }
        String[] parts = rawPath.substring(V1.length()).split("/");
        SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
        String route = method + " " + String.join("/", Arrays.stream(parts).map(part -> part.isEmpty() ? "" : "*")
                .toList());
        return switch (parts.length) {
            case 1 -> switch (method + " " + parts[0]) {
                case "GET config" -> ConfigResponse.builder().build();
                case "POST namespaces" -> CatalogHandlers.createNamespace(namespaces,
                        json.readValue(body, CreateNamespaceRequest.class));
                default -> unsupported(route);
            };
            case 2 -> switch (method) {
                case "GET" -> CatalogHandlers.loadNamespace(namespaces, namespace(parts[1]));
                case "HEAD" -> {
                    CatalogHandlers.namespaceExists(namespaces, namespace(parts[1]));
                    yield null;
                }
                default -> unsupported(route);
            };
            case 3 -> switch (method) {
                case "POST" -> CatalogHandlers.createTable(catalog, namespace(parts[1]),
                        json.readValue(body, CreateTableRequest.class));
                case "GET" -> CatalogHandlers.listTables(catalog, namespace(parts[1]));
                default -> unsupported(route);
            };
            case 4 -> {
                TableIdentifier table = TableIdentifier.of(namespace(parts[1]), RESTUtil.decodeString(parts[3]));
                yield switch (method) {
                    case "GET" -> CatalogHandlers.loadTable(catalog, table, RESTCatalogProperties.SnapshotMode.ALL);
                    case "HEAD" -> {
                        CatalogHandlers.tableExists(catalog, table);
                        yield null;
                    }
                    case "POST" -> {
                        byte[] request = body.readAllBytes();
                        if (new String(request, StandardCharsets.UTF_8).contains("\"add-snapshot\"")
                                && commitsToRefuse.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                            throw new CommitFailedException("Refused by the test catalog, as a conflict would be");
                        }
                        yield CatalogHandlers.updateTable(catalog, table,
                                json.readValue(request, UpdateTableRequest.class));
                    }
                    default -> unsupported(route);
                };
            }
            // Clients report scan and commit metrics; the stage has no use for them.
            case 5 -> parts[4].equals("metrics") ? null : unsupported(route);
            default -> unsupported(route);
        };
    }

    private static Object unsupported(String route) {
        throw new IllegalArgumentException("this test catalog does not serve " + route);
    }

    private static Namespace namespace(String segment) {
        return Namespace.of(RESTUtil.decodeString(segment).split("\u001f"));
    }

    private static ErrorResponse error(int code, RuntimeException e) {
        return ErrorResponse.builder().responseCode(code).withType(e.getClass().getSimpleName())
                .withMessage(String.valueOf(e.getMessage())).build();
    }

    private void send(HttpExchange exchange, int status, Object response) throws IOException {
        byte[] bytes = json.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        threads.shutdownNow();
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
