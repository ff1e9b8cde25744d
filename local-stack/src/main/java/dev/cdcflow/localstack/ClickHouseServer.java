package dev.cdcflow.localstack;

import dev.cdcflow.clickhousetext.TabSeparated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A private ClickHouse server run from the machine's {@code clickhouse-server} binary, with its own config, ports and
 * data folder. It keeps ports and data across {@link #stop()} (SIGKILL, as a crash would) and {@link #start()}.
 */
public final class ClickHouseServer implements AutoCloseable {

    public static final String USER = "default";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path dir;
    private final int httpPort;
    private final int tcpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private ClickHouseServer(Path binary, Path dir, int httpPort, int tcpPort) {
        this.binary = binary;
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    static ClickHouseServer start(Path dir) {
        WorkDirs.create(dir);
        // Before choosing the ports: a server a killed stack left running still holds the ones remembered.
        Leftovers.stop(pidFile(dir), dir, "ClickHouse", 5);
        Path binary = ClickHouseBinary.locate();
        return LoopbackPorts.start("ClickHouse", dir, List.of("http", "tcp"), ports -> {
            ClickHouseServer server = new ClickHouseServer(binary, dir, ports.get(0), ports.get(1));
            server.writeConfig();
            server.start();
            return server;
        });
    }

    /** Starts the server (again, after {@link #stop()}) on the same ports and data, and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        // Its console output is new each start; the error log grows: what it says is read from this start's mark.
        Path output = dir.resolve("log/stdout.log");
        ServerLog errors = ServerLog.from(dir.resolve("log/clickhouse-server.err.log"));
        try {
            process = new ProcessBuilder(binary.toString(), "--config-file=" + dir.resolve("config.xml"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            // Found by the next stack on this folder if this JVM dies without stopping the server.
            Files.writeString(pidFile(dir), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary, e);
        }
        Await.until("ClickHouse on port " + httpPort + " to answer /ping (log: " + dir.resolve("log") + ")",
                STARTUP_TIMEOUT, () -> {
                    if (!process.isAlive()) {
                        String exited = "clickhouse-server exited with " + process.exitValue() + "; see "
                                + dir.resolve("log");
                        String taken = "Address already in use";
                        throw errors.mentions(taken) || new ServerLog(output, 0).mentions(taken)
                                ? new LoopbackPorts.PortTakenException(exited + " (port " + httpPort + " or " + tcpPort
                                        + " taken)")
                                : new ConditionFailedException(exited);
                    }
                    return ping();
                });
    }

    /** Kills the server at once (SIGKILL), as a crash or an outage would. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static Path pidFile(Path dir) {
        return dir.resolve("clickhouse-server.pid");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** Base URL of the HTTP interface, e.g. {@code http://127.0.0.1:8123}. */
    public String httpUrl() {
        return "http://" + host() + ":" + httpPort;
    }

    /** The server's version string, e.g. {@code 18.16.1}. */
    public String version() {
        return query("SELECT version()").trim();
    }

    /** Runs a statement that returns nothing (DDL, INSERT … VALUES). */
    public void execute(String sql) {
        query(sql);
    }

    /**
     * Runs a script of the repository's {@code sql/clickhouse/}, as the Compose stack's ClickHouse runs it at first
     * start: {@code --} comment lines dropped, one statement per {@code ;} at the end of a line.
     */
    public void runScript(Path script) {
        String text;
        try {
            text = Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + script, e);
        }
        String withoutComments = text.lines().filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        for (String statement : withoutComments.split(";\\s*(\\n|$)")) {
            if (!statement.isBlank()) {
                execute(statement.strip());
            }
        }
    }

    /** Marks SQL NULL in {@link #rows}, as TabSeparated writes it. */
    public static final String NULL = TabSeparated.NULL;

    /** Runs a query and returns its rows, parsed from TabSeparated: escapes undone, NULL as {@link #NULL}. */
    public List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : TabSeparated.rows(query(sql + " FORMAT TabSeparated"))) {
            rows.add(row.stream().map(field -> field == null ? NULL : field).toList());
        }
        return rows;
    }

    /** Runs a query and returns the single value it selects. */
    public String scalar(String sql) {
        return query(sql + " FORMAT TabSeparated").trim();
    }

    /** Runs any SQL over HTTP and returns the raw body; a server error becomes an exception with its message. */
    public String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/?user=" + USER))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to " + sql + ": "
                        + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + httpUrl() + " is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted querying ClickHouse", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean ping() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("user_files"));
            Files.writeString(dir.resolve("config.xml"), ClickHouseConfig.server(dir, httpPort, tcpPort));
            Files.writeString(dir.resolve("users.xml"), ClickHouseConfig.users());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write ClickHouse config in " + dir, e);
        }
    }
}
