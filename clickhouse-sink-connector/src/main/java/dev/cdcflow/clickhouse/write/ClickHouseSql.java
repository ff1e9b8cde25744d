package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.QueryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Statements and small queries through client-v2. Reads use an explicit TabSeparated format (client-v2's record
 * readers do not understand old servers' answers). Failures to reach the server are retriable.
 */
public final class ClickHouseSql {

    /**
     * Server errors that pass: too many parts (252), timeouts (159, 209), network errors (210), a read-only or
     * lagging replica (242, 319), memory pressure (241), too many simultaneous queries (202).
     */
    private static final Set<Integer> RETRIABLE_SERVER_CODES = Set.of(159, 202, 209, 210, 241, 242, 252, 319);

    private final Client client;
    private final long timeoutMs;

    public ClickHouseSql(Client client, long timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    public Client client() {
        return client;
    }

    public void execute(String sql) {
        try {
            client.execute(sql).get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /** The rows of a query, each a list of TabSeparated fields (escapes left as the server wrote them). */
    public List<List<String>> rows(String sql) {
        try (QueryResponse response = client.query(sql + " FORMAT TabSeparated").get(timeoutMs,
                TimeUnit.MILLISECONDS); InputStream in = response.getInputStream()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<List<String>> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(Arrays.asList(line.split("\t", -1)));
                }
            }
            return rows;
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /** The exception for a failed request: retriable when the server could not be reached or answered in time. */
    static RuntimeException failure(String what, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (cause instanceof TimeoutException || cause instanceof IOException
                || cause.getClass().getName().contains("Connect") || cause.getCause() instanceof IOException) {
            return new RetriableException("ClickHouse unreachable during: " + shorten(what), cause);
        }
        if (cause instanceof ServerException server && (server.isRetryable()
                || RETRIABLE_SERVER_CODES.contains(server.getCode()))) {
            return new RetriableException("ClickHouse asked to retry (code " + server.getCode() + ") during: "
                    + shorten(what), cause);
        }
        return cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("ClickHouse failed: " + shorten(what) + ": " + cause.getMessage(), cause);
    }

    private static String shorten(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "…";
    }
}
