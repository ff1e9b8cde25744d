package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.ClickHouseException;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.TransportException;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhousetext.TabSeparated;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final String ROW_BINARY = "FORMAT RowBinary";
    private static final int MAX_MESSAGE = 1_000;

    private final Client client;
    private final long timeoutMs;
    private final Map<String, String> writeSettings;

    /** For reads and DDL only: writes need the server's capabilities (see {@link #forWrites}). */
    public ClickHouseSql(Client client, long timeoutMs) {
        this(client, timeoutMs, Map.of());
    }

    private ClickHouseSql(Client client, long timeoutMs, Map<String, String> writeSettings) {
        this.client = client;
        this.timeoutMs = timeoutMs;
        this.writeSettings = writeSettings;
    }

    /**
     * The same connection, whose writes carry the settings that make an acknowledged write durable and a replay
     * written again: {@code async_insert=0} (where the server has it), so a profile with {@code async_insert=1,
     * wait_for_async_insert=0} cannot acknowledge rows still in a buffer; and {@code insert_deduplicate=0}, so a
     * Replicated or Shared engine (or {@code non_replicated_deduplication_window}) does not drop a block equal to
     * one it took before, as an intended replay after an offset reset is. A write repeated after a failure then
     * lands twice, which the ReplacingMergeTree makes one row per version.
     */
    public ClickHouseSql forWrites(ServerCapabilities capabilities) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("insert_deduplicate", "0");
        if (capabilities.asyncInsert()) {
            settings.put("async_insert", "0");
        }
        return new ClickHouseSql(client, timeoutMs, Map.copyOf(settings));
    }

    /** The settings of an insert through {@link Client#insert}. */
    public InsertSettings insertSettings() {
        InsertSettings settings = new InsertSettings();
        writeSettings.forEach(settings::serverSetting);
        return settings;
    }

    /** An INSERT ... VALUES statement, with the write settings. */
    public void insertValues(String sql) {
        execute(sql, writeSettings);
    }

    public Client client() {
        return client;
    }

    public void execute(String sql) {
        execute(sql, Map.of());
    }

    /** A statement with server settings of its own. */
    public void execute(String sql, Map<String, String> settings) {
        CommandSettings command = new CommandSettings();
        settings.forEach(command::serverSetting);
        try {
            client.execute(sql, command).get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /** Creates the database unless it exists: the sink's tables, offsets and claims all live in it. */
    public void createDatabase(String database) {
        execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(database));
    }

    /** The rows of a query, parsed from TabSeparated (escapes undone, NULL as null). */
    // client-v2's QueryResponse.close() declares InterruptedException; nothing here can be interrupted by it.
    @SuppressWarnings("try")
    public List<List<String>> rows(String sql) {
        try (QueryResponse response = client.query(sql + " FORMAT TabSeparated").get(timeoutMs,
                TimeUnit.MILLISECONDS); InputStream in = response.getInputStream()) {
            return TabSeparated.rows(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /** The answer of a query in RowBinary, to be read with the types of its columns. */
    // client-v2's QueryResponse.close() declares InterruptedException; nothing here can be interrupted by it.
    @SuppressWarnings("try")
    public byte[] rowBinary(String sql) {
        try (QueryResponse response = client.query(sql + " " + ROW_BINARY).get(timeoutMs, TimeUnit.MILLISECONDS);
             InputStream in = response.getInputStream()) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /**
     * The exception for a failed request: retriable when trying again later can succeed. A server message that
     * echoes a RowBinary body (a syntax error does) is cut there and kept printable, in this exception and in its
     * causes, so that no binary bytes reach Connect's status or the logs.
     */
    static RuntimeException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = readable(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        if (isTransient(cause)) {
            return new RetriableException("ClickHouse failed transiently during: " + shorten(what), cause);
        }
        return cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("ClickHouse failed: " + shorten(what) + ": " + cause.getMessage(), cause);
    }

    /**
     * The error itself when its messages (its own and its causes') are text; otherwise a copy of the first one with
     * binary bytes in its message: that message cut before the echoed data and made printable, its stack trace kept,
     * its causes dropped. The copy is retriable when the original was.
     */
    static Throwable readable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !isText(cause.getMessage())) {
                String message = cause.getClass().getSimpleName() + ": " + printable(cause.getMessage());
                RuntimeException copy = isTransient(error) ? new RetriableException(message)
                        : new IllegalStateException(message);
                copy.setStackTrace(cause.getStackTrace());
                return copy;
            }
        }
        return error;
    }

    private static boolean isText(String message) {
        return message.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c))
                && message.indexOf('\uFFFD') < 0;
    }

    /** The message up to the data of an echoed INSERT, with anything unprintable as '?', at most 1,000 characters. */
    static String printable(String message) {
        int data = message.indexOf(ROW_BINARY);
        String text = data < 0 ? message : message.substring(0, data + ROW_BINARY.length()) + " <data left out>";
        StringBuilder printable = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        text.chars().limit(MAX_MESSAGE).forEach(c -> printable.append(
                c == '\n' || c == '\t' || (!Character.isISOControl(c) && c != '\uFFFD') ? (char) c : '?'));
        return printable.toString();
    }

    /**
     * Transient: the server could not be reached or did not answer in time (client-v2's connection and transfer
     * exceptions, I/O errors, timeouts, anywhere in the cause chain), or it answered with an error that passes.
     */
    private static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException server) {
                return server.isRetryable() || RETRIABLE_SERVER_CODES.contains(server.getCode());
            }
            if (cause instanceof ConnectionInitiationException || cause instanceof DataTransferException
                    || cause instanceof TransportException || cause instanceof IOException
                    || cause instanceof TimeoutException
                    || (cause instanceof ClickHouseException clickHouse && clickHouse.isRetryable())) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "…";
    }
}
