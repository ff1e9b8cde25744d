package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Outage tests take a service away and bring it back: each keeps its port and data across stop and start, and is
 * really unreachable in between.
 */
@LocalStackTest
class ServiceRestartTest {

    @Test
    void postgresKeepsDataAcrossRestart(LocalStack stack) {
        PostgresServer postgres = stack.postgres();
        postgres.execute("CREATE TABLE restart_check (id INT PRIMARY KEY)", "INSERT INTO restart_check VALUES (7)");

        postgres.stop();
        assertThatThrownBy(() -> postgres.query("SELECT 1")).isInstanceOf(IllegalStateException.class);
        postgres.start();

        assertThat(postgres.query("SELECT id FROM restart_check")).containsExactly(List.of("7"));
    }

    /**
     * A crash keeps every commit its writer was told about. With asynchronous commit (the embedded server's own
     * default) the last commits before the crash are gone after recovery, and a writer that builds on them (the
     * seeder's next order for a customer it just added) fails its foreign key for ever.
     */
    @Test
    void postgresKeepsEveryAcknowledgedCommitThroughACrash(LocalStack stack) throws Exception {
        PostgresServer postgres = stack.postgres();
        postgres.execute("CREATE TABLE crash_check (id BIGINT PRIMARY KEY)");
        AtomicLong acknowledged = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> commitUntilTheServerDies(postgres,
                acknowledged));
        while (acknowledged.get() < 500 && !writer.isDone()) {
            Thread.sleep(5);
        }

        postgres.crash();
        writer.get(60, TimeUnit.SECONDS);
        postgres.start();

        long lastAcknowledged = acknowledged.get();
        assertThat(lastAcknowledged).isGreaterThanOrEqualTo(500);
        assertThat(postgres.query("SELECT count(*) FROM crash_check WHERE id <= " + lastAcknowledged))
                .containsExactly(List.of(Long.toString(lastAcknowledged)));
    }

    /** Commits rows 1, 2, 3, ... one per transaction, noting each acknowledged commit, until the server goes away. */
    private static void commitUntilTheServerDies(PostgresServer postgres, AtomicLong acknowledged) {
        try (Connection connection = postgres.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO crash_check VALUES (?)")) {
            connection.setAutoCommit(false);
            for (long id = 1; ; id++) {
                insert.setLong(1, id);
                insert.executeUpdate();
                connection.commit();
                acknowledged.set(id);
            }
        } catch (SQLException serverGone) {
            // The crash: every commit before it was acknowledged and counted.
        }
    }

    @Test
    void clickHouseKeepsDataAcrossKillAndStart(LocalStack stack) {
        ClickHouseServer clickHouse = stack.clickHouse();
        clickHouse.execute("CREATE TABLE default.restart_check (id UInt32) ENGINE = MergeTree ORDER BY id");
        clickHouse.execute("INSERT INTO default.restart_check VALUES (7)");

        clickHouse.stop();
        assertThat(clickHouse.isRunning()).isFalse();
        assertThatThrownBy(() -> clickHouse.query("SELECT 1")).hasMessageContaining("unreachable");
        clickHouse.start();

        assertThat(clickHouse.scalar("SELECT sum(id) FROM default.restart_check")).isEqualTo("7");
    }

    @Test
    void s3KeepsObjectsAcrossRestart(LocalStack stack) {
        S3Server s3 = stack.s3();
        s3.createBucket("restart-check");
        s3.putObject("restart-check", "a/b.txt", "kept".getBytes(StandardCharsets.UTF_8));

        s3.stop();
        assertThatThrownBy(() -> s3.listKeys("restart-check", "")).isInstanceOf(RuntimeException.class);
        s3.start();

        assertThat(new String(s3.getObject("restart-check", "a/b.txt"), StandardCharsets.UTF_8)).isEqualTo("kept");
    }
}
