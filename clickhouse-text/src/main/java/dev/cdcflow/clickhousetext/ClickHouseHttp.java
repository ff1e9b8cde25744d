package dev.cdcflow.clickhousetext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Queries over ClickHouse's HTTP interface, answers read from TabSeparated (NULL as null): for the commands that read
 * ClickHouse from outside Connect (batch, verify), which need no more than this.
 */
public final class ClickHouseHttp {

    private final URI url;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ClickHouseHttp(String url, String user, String password) {
        this.url = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? ""
                : password)).getBytes(StandardCharsets.UTF_8));
    }

    public List<List<String>> rows(String sql) {
        return TabSeparated.rows(query(sql + " FORMAT TabSeparated"));
    }

    /** A quoted string literal. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A quoted identifier. */
    public static String identifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse at " + url + " answered " + response.statusCode() + ": "
                        + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + url + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted querying ClickHouse", e);
        }
    }
}
