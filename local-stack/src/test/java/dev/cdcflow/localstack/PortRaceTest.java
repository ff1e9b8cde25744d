package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each server of the stack that binds a port of its choosing starts even when another program holds that port by the
 * time it binds: a port file naming a port this test holds stands for a port taken between choice and bind. And a
 * server started again on its folder keeps the port it had.
 */
@Tag("integration")
class PortRaceTest {

    @TempDir
    Path dir;

    @Test
    void kafkaTakesOtherPortsWhenItsOwnAreTaken() throws Exception {
        Path kafkaDir = dir.resolve("kafka");
        try (ServerSocket broker = holdPort(); ServerSocket controller = holdPort()) {
            Files.createDirectories(kafkaDir);
            Files.writeString(kafkaDir.resolve("port-broker"), Integer.toString(broker.getLocalPort()));
            Files.writeString(kafkaDir.resolve("port-controller"), Integer.toString(controller.getLocalPort()));

            try (KafkaBroker kafka = KafkaBroker.start(kafkaDir)) {
                kafka.createTopic("port-race", 1);
                kafka.produce("port-race", List.of(Map.entry("k", "v")));
                assertThat(kafka.consume("port-race", 1, java.time.Duration.ofSeconds(30))).hasSize(1);
                assertThat(kafka.bootstrapServers()).doesNotEndWith(":" + broker.getLocalPort());
            }
        }
        int newBrokerPort = Integer.parseInt(Files.readString(kafkaDir.resolve("port-broker")));
        try (KafkaBroker resumed = KafkaBroker.start(kafkaDir)) {
            assertThat(resumed.bootstrapServers()).isEqualTo("127.0.0.1:" + newBrokerPort);
            assertThat(resumed.topics()).contains("port-race");
        }
    }

    /**
     * The last instant: a port taken after the check and before Kafka binds it. Kafka's controller halts the JVM when
     * it cannot bind; the broker's start turns that into an error, and the folder can be started again.
     */
    @Test
    void kafkaSurvivesAPortTakenAfterTheCheck() throws Exception {
        Path logDir = dir.resolve("kafka-race/log");
        Files.createDirectories(logDir);
        try (ServerSocket controller = holdPort()) {
            assertThatThrownBy(() -> KafkaBroker.start(logDir, LoopbackPorts.next(), controller.getLocalPort()))
                    .matches(LoopbackPorts::isPortTaken, "a taken port");
        }
        try (KafkaBroker kafka = KafkaBroker.start(logDir, LoopbackPorts.next(), LoopbackPorts.next())) {
            kafka.createTopic("after-the-race", 1);
            assertThat(kafka.topics()).contains("after-the-race");
        }
    }

    @Test
    void s3TakesAnotherPortWhenItsOwnIsTaken() throws IOException {
        Path s3Dir = dir.resolve("s3");
        int port;
        try (ServerSocket taken = holdPort()) {
            Files.createDirectories(dir.resolve("s3-ports"));
            Files.writeString(dir.resolve("s3-ports/port-s3"), Integer.toString(taken.getLocalPort()));

            try (S3Server s3 = S3Server.start(s3Dir)) {
                port = s3.endpoint().getPort();
                assertThat(port).isNotEqualTo(taken.getLocalPort());
                s3.createBucket("race");
                s3.putObject("race", "a", "kept".getBytes(StandardCharsets.UTF_8));
            }
        }
        try (S3Server resumed = S3Server.start(s3Dir)) {
            assertThat(resumed.endpoint().getPort()).isEqualTo(port);
            assertThat(resumed.getObject("race", "a")).isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void clickHouseTakesOtherPortsWhenItsOwnAreTaken() throws IOException {
        Path clickHouseDir = dir.resolve("clickhouse");
        try (ServerSocket taken = holdPort()) {
            Files.createDirectories(clickHouseDir);
            Files.writeString(clickHouseDir.resolve("port-http"), Integer.toString(taken.getLocalPort()));

            try (ClickHouseServer clickHouse = ClickHouseServer.start(clickHouseDir)) {
                assertThat(clickHouse.httpPort()).isNotEqualTo(taken.getLocalPort());
                assertThat(clickHouse.scalar("SELECT 1")).isEqualTo("1");
            }
        }
    }

    @Test
    void postgresTakesAnotherPortWhenItsOwnIsTaken() throws IOException {
        try (ServerSocket taken = holdPort()) {
            Files.createDirectories(dir.resolve("postgres-ports"));
            Files.writeString(dir.resolve("postgres-ports/port-postgres"), Integer.toString(taken.getLocalPort()));

            try (PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"))) {
                assertThat(postgres.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(postgres.query("SELECT 1")).containsExactly(List.of("1"));
            }
        }
    }

    /** A loopback port held open by this test, as another program would hold it. */
    private static ServerSocket holdPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), LoopbackPorts.next()));
        return socket;
    }
}
