package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
