package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectInit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.localstack.PostgresServer;
import dev.cdcflow.localstack.StackSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
            connectInit(stack, environment).assertSucceededWith(NAME + ": created");
            stack.connect().rest().awaitRunning(NAME, 1, Duration.ofMinutes(1));

            connectInit(stack, environment).assertSucceededWith(NAME + ": unchanged");

            environment.put("SEEDER_RATE", "2");
            connectInit(stack, environment).assertSucceededWith(NAME + ": updated");
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

    /**
     * As Compose runs it: PostgreSQL brought up to date with sql/postgres/ as the administrator named in the
     * environment, before anything is registered; a second run applies nothing.
     */
    @Test
    void migratesPostgresBeforeItRegisters(LocalStack stack) {
        stack.postgres().execute("CREATE DATABASE connectinit_shop");
        Map<String, String> environment = new HashMap<>(stack.templateVariables());
        environment.putAll(Map.of("SEEDER_CONNECTOR_NAME", NAME + "-migrated", "SEEDER_TARGET", "kafka",
                "TOPIC_PREFIX", "connectinit2", "SEEDER_LEDGER_TOPIC", "connectinit2.activity"));
        environment.putAll(Map.of("POSTGRES_DB", "connectinit_shop", "POSTGRES_USER", PostgresServer.USER,
                "POSTGRES_PASSWORD", PostgresServer.PASSWORD, "DEBEZIUM_PUBLICATION", "connectinit_publication",
                "ICEBERG_CATALOG_DB", "connectinit_catalog", "DEBEZIUM_DB_USER", "debezium", "SEEDER_DB_USER",
                "seeder"));
        environment.putAll(StackSecrets.VALUES);
        String[] migrations = {"--postgres-migrations", LocalStack.repositoryDir().resolve("sql/postgres").toString()};
        try {
            Result first = connectInit(stack, environment, migrations);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("PostgreSQL: 6 migrations applied", NAME + "-migrated: created");
            assertThat(stack.postgres().queryIn("connectinit_shop", "SELECT count(*) FROM pg_publication_tables "
                    + "WHERE pubname = 'connectinit_publication'")).as("the four tables and the column changes")
                    .containsExactly(List.of("5"));

            assertThat(connectInit(stack, environment, migrations).out()).contains("PostgreSQL: 0 migrations applied",
                    NAME + "-migrated: unchanged");
        } finally {
            stack.connect().rest().deleteConnector(NAME + "-migrated");
        }
    }

    /** What a run printed: its exit code, standard output and standard error. */
    private record Result(int exitCode, String out, String err) {

        String lastLine() {
            String[] lines = out.split("\n");
            return lines[lines.length - 1];
        }

        /** Exit 0, nothing on standard error, and {@code outcome} as the last line. */
        void assertSucceededWith(String outcome) {
            assertThat(exitCode).as(err).isZero();
            assertThat(err).isEmpty();
            assertThat(lastLine()).isEqualTo(outcome);
        }
    }

    private static Result connectInit(LocalStack stack, Map<String, String> environment, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--connect-url", stack.connect().rest().baseUrl().toString(), "--timeout-seconds", "60",
                LocalStack.template("storefront-seeder").toString()));
        int exitCode = ConnectInit.run(args.toArray(String[]::new), environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8).strip());
    }
}
