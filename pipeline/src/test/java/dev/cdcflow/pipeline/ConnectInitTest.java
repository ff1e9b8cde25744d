package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectInit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * connect-init, the Compose stack's registration step, against a real worker: it creates a connector from a
 * repository template, leaves it alone when nothing changed, updates it when a variable changed, and refuses a
 * config the connector rejects with the worker's message naming the key.
 */
@LocalStackTest
class ConnectInitTest {

    private static final String NAME = "connect-init-probe";

    @Test
    void createsThenLeavesAloneThenUpdatesAndReportsARefusedConfig(LocalStack stack) {
        Map<String, String> environment = new HashMap<>(stack.templateVariables());
        // The seeder template, writing a topic of its own in Kafka mode, so nothing else in the shared stack sees it.
        environment.putAll(Map.of("SEEDER_CONNECTOR_NAME", NAME, "SEEDER_TARGET", "kafka",
                "TOPIC_PREFIX", "connectinit", "SEEDER_LEDGER_TOPIC", "connectinit.activity", "SEEDER_RATE", "1"));
        try {
            assertThat(connectInit(stack, environment)).isEqualTo(new Result(0, NAME + ": created", ""));
            stack.connect().rest().awaitRunning(NAME, 1, Duration.ofMinutes(1));

            assertThat(connectInit(stack, environment)).isEqualTo(new Result(0, NAME + ": unchanged", ""));

            environment.put("SEEDER_RATE", "2");
            assertThat(connectInit(stack, environment)).isEqualTo(new Result(0, NAME + ": updated", ""));
            assertThat(stack.connect().rest().status(NAME).path("connector").path("state").asText())
                    .isNotEqualTo("FAILED");

            environment.put("SEEDER_RATE", "-1");
            Result refused = connectInit(stack, environment);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("refused connector " + NAME).contains("rate.tps");
        } finally {
            stack.connect().rest().deleteConnector(NAME);
        }
    }

    private record Result(int exitCode, String lastLine, String err) {
    }

    private static Result connectInit(LocalStack stack, Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ConnectInit.run(new String[] {"--connect-url", stack.connect().rest().baseUrl().toString(),
                "--timeout-seconds", "60", LocalStack.template("storefront-seeder").toString()}, environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new Result(exitCode, lines[lines.length - 1], err.toString(StandardCharsets.UTF_8).strip());
    }
}
