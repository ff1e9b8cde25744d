package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.localstack.MetricsScrape;
import dev.cdcflow.localstack.MinioInit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as the main command runs it, end to end: the seeder runs a fixed number of transactions with a
 * fixed seed, invalid emails among them; once it is done and the sinks caught up, ClickHouse's current-state tables
 * equal PostgreSQL's (rows, values, totals), the invalid rows sit in rejected_rows with their reason, the seeder's
 * ledger accounts for every row, and the S3 objects hold the change events exactly once. Then the same after more
 * transactions during which the Connect worker and ClickHouse restart.
 */
@LocalStackTest
class StorefrontPipelineTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int TRANSACTIONS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void clickHouseEqualsPostgresRejectedRowsSayWhyAndS3HoldsEveryEventOnceAlsoAcrossRestarts(LocalStack stack) {
        StorefrontPipeline pipeline = new StorefrontPipeline(stack);
        pipeline.start(options(TRANSACTIONS));
        // A table added to the storefront (and so to Debezium's publication) must be added to the audit too. The
        // column-change table is no data table: its rows travel in the tables' own topics (RouteColumnChanges).
        assertThat(stack.postgres().query("SELECT tablename FROM pg_publication_tables WHERE tablename <> "
                + "'cdcflow_column_changes'").stream()
                .map(row -> row.get(0)).toList()).as("the tables Debezium captures, each audited")
                .containsExactlyInAnyOrderElementsOf(PipelineAudit.COLUMNS.keySet());
        awaitSeederAt(stack, TRANSACTIONS / 4);
        assertLeastPrivilegeAndNoSecretInAnyConfig(stack);
        awaitSeederAt(stack, TRANSACTIONS);
        assertClickHouseAndS3FollowPostgres(stack);

        // As many transactions again, with the Connect worker restarted, then ClickHouse, while they flow.
        pipeline.start(options(2 * TRANSACTIONS));
        // The metrics, scraped once the restarted seeder task (its counters start again) has begun, and again until
        // every counter grew with the new traffic, before the worker restarts (which starts every task's again).
        // The seeder's rate bounds how soon it finishes: 390 transactions at 100 a second leave the first scrape
        // seconds ahead of it. (A first scrape during the initial load raced it: the load could finish first.)
        awaitSeederAt(stack, TRANSACTIONS + 10);
        MetricsScrape early = MetricsScrape.of(stack.metrics().url());
        assertMetricsMovedAndServeTheDashboard(early, awaitEveryCounterGrown(stack, early));
        awaitSeederAt(stack, TRANSACTIONS + TRANSACTIONS / 4);
        stack.connect().stop();
        stack.connect().start();
        awaitSeederAt(stack, TRANSACTIONS + TRANSACTIONS / 2);
        stack.clickHouse().stop();
        awaitSeederAt(stack, TRANSACTIONS + 3 * TRANSACTIONS / 4);
        stack.clickHouse().start();
        awaitSeederAt(stack, 2 * TRANSACTIONS);
        assertClickHouseAndS3FollowPostgres(stack);
        assertEveryS3CallFitsItsComposePolicy(stack);
    }

    /**
     * The sinks wrote as the MinIO users minio/init.sh makes, and the local S3 server, enforcing the policies the
     * script gives them, refused none of their calls across the run and the restarts: each plugin's S3 calls fit its
     * Compose policy.
     */
    private static void assertEveryS3CallFitsItsComposePolicy(LocalStack stack) {
        assertThat(stack.s3().access().denials()).as("S3 calls a policy of minio/init.sh refused").isEmpty();
        Map<String, Set<String>> allowed = stack.s3().access().allowedActions();
        assertThat(allowed.get(MinioInit.S3_SINK_USER)).as("the S3 sink's calls")
                .contains("s3:PutObject", "s3:ListBucket");
        assertThat(allowed.get(MinioInit.ICEBERG_S3_USER)).as("the Iceberg stage's calls")
                .contains("s3:PutObject", "s3:GetObject");
    }

    /**
     * The seeder writes as its table-owner role, not the superuser; and no connector's stored config holds a
     * password or secret key: each is an ${env:…} reference the worker resolved (the connectors run).
     */
    private static void assertLeastPrivilegeAndNoSecretInAnyConfig(LocalStack stack) {
        assertThat(stack.postgres().query("SELECT DISTINCT tableowner FROM pg_tables WHERE tablename IN "
                + "('customers', 'products', 'orders', 'order_items', 'seeder_progress')"))
                .containsExactly(List.of("seeder"));
        assertThat(stack.postgres().query("SELECT rolsuper FROM pg_roles WHERE rolname = 'seeder'"))
                .containsExactly(List.of("f"));
        for (String connector : StorefrontPipeline.CONNECTORS) {
            stack.connect().rest().config(connector).fields().forEachRemaining(entry -> {
                if (entry.getKey().matches(".*(password|secret).*")) {
                    assertThat(entry.getValue().asText()).as("%s: %s", connector, entry.getKey()).startsWith("${env:");
                }
            });
        }
    }

    /** A counter of each plugin and of Connect's own, as the Prometheus rules name them. */
    private static final List<String> COUNTERS = List.of("cdcflow_seeder_transactions_total",
            "cdcflow_seeder_rows_total", "cdcflow_clickhouse_rows_written_total",
            "cdcflow_clickhouse_batches_written_total", "cdcflow_s3_records_written_total",
            "cdcflow_s3_objects_written_total", "cdcflow_iceberg_stage_rows_committed_total",
            "cdcflow_iceberg_stage_commits_total", "cdcflow_validation_rows_total",
            "kafka_connect_sink_task_sink_record_send_total", "kafka_connect_source_task_source_record_write_total",
            "debezium_postgres_streaming_events_total");

    /**
     * Scrapes until every counter passed its value in {@code early} (the new traffic reached every sink); on a
     * timeout, names the counters that did not.
     */
    private static MetricsScrape awaitEveryCounterGrown(LocalStack stack, MetricsScrape early) {
        List<String> stuck = new CopyOnWriteArrayList<>();
        try {
            return Await.value("every plugin's counters to grow with the new traffic", TIMEOUT, () -> {
                MetricsScrape scrape = MetricsScrape.of(stack.metrics().url());
                stuck.clear();
                COUNTERS.stream().filter(counter -> scrape.sum(counter) <= early.sum(counter)).forEach(counter ->
                        stuck.add(counter + " " + early.sum(counter) + " -> " + scrape.sum(counter)));
                return stuck.isEmpty() ? Optional.of(scrape) : Optional.empty();
            });
        } catch (IllegalStateException e) {
            throw new AssertionError("Counters that did not grow: " + stuck, e);
        }
    }

    /**
     * The Prometheus endpoint, scraped after the sinks caught up and again after more traffic reached them: each
     * plugin's series are there and grew, invalid emails are counted under their reason, no series is served twice,
     * and every series and grouping label the Grafana dashboard queries exists.
     */
    private static void assertMetricsMovedAndServeTheDashboard(MetricsScrape early, MetricsScrape late) {
        for (String counter : COUNTERS) {
            assertThat(late.sum(counter)).as("%s grew between the scrapes", counter)
                    .isGreaterThan(early.sum(counter));
        }
        assertThat(late.sum("cdcflow_validation_rejected_rows_total", Map.of("reason", "pattern_mismatch")))
                .as("invalid emails counted under their reason").isPositive();
        assertThat(late.sum("kafka_connect_connector_tasks", Map.of("connector", "storefront-clickhouse",
                "state", "running"))).isEqualTo(1);
        assertThat(late.samples().stream().map(sample -> sample.name() + sample.labels()))
                .as("no series twice").doesNotHaveDuplicates();
        List<DashboardQueries.Query> queries;
        try {
            queries = DashboardQueries.read(LocalStack.repositoryDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(queries).hasSizeGreaterThan(20);
        for (DashboardQueries.Query query : queries) {
            assertThat(query.metrics()).as("panel '%s': %s", query.panel(), query.expr()).isNotEmpty()
                    .allSatisfy(metric -> {
                        assertThat(late.names()).as("panel '%s' reads %s", query.panel(), metric).contains(metric);
                        assertThat(late.labelNames(metric)).as("panel '%s' groups %s by", query.panel(), metric)
                                .containsAll(query.groupedBy());
                    });
        }
    }

    private static PipelineOptions options(int transactions) {
        return PipelineOptions.parse("--seed", "7", "--rate", "100", "--customers", "150", "--transactions",
                Integer.toString(transactions), "--invalid-email-ratio", "0.1", "--s3-flush-seconds", "1",
                "--stage-commit-seconds", "1");
    }

    /** Waits until the seeder has committed {@code transactions} transactions after its initial load. */
    private static void awaitSeederAt(LocalStack stack, int transactions) {
        Await.until("the seeder to pass transaction " + transactions, TIMEOUT, () -> {
            String next = scalarOrNull(stack, "SELECT next_position FROM seeder_progress");
            return next != null && Long.parseLong(next) > transactions;
        });
    }

    private static void assertClickHouseAndS3FollowPostgres(LocalStack stack) {
        PipelineAudit audit = new PipelineAudit(stack);
        try {
            Await.until("ClickHouse to catch up with PostgreSQL", TIMEOUT, () -> audit.differences().isEmpty());
        } catch (IllegalStateException timedOut) {
            // Where the pipeline stands says which part is stuck; each differing key's history says what happened.
            System.err.println(timedOut.getMessage() + "; the pipeline now:\n"
                    + StatusScreen.render(new PipelineStatus(stack).take(), Duration.ZERO));
            List<PipelineAudit.Difference> differences = audit.differences();
            System.err.println(audit.histories(differences, 10));
            assertThat(differences).as("keys where ClickHouse differs from PostgreSQL").isEmpty();
        }
        for (String table : StorefrontPipeline.TABLES) {
            assertThat(audit.clickHouse(table)).as(table).isNotEmpty();
        }
        Set<String> invalid = invalidCustomers(stack);
        assertThat(invalid).as("customers with an invalid email in PostgreSQL").isNotEmpty();
        List<List<String>> rejected = stack.clickHouse().rows("SELECT row_key, column, error_code, message FROM "
                + StorefrontPipeline.CLICKHOUSE_DATABASE
                + ".rejected_rows WHERE topic = 'storefront.public.customers'");
        assertThat(rejected).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("email");
            assertThat(row.get(2)).isEqualTo("PATTERN_MISMATCH");
            assertThat(row.get(3)).contains("does not match the pattern");
        });
        Set<String> rejectedKeys = rejected.stream().map(row -> row.get(0).replaceAll("\\D+", " ").trim())
                .collect(Collectors.toSet());
        assertThat(rejectedKeys).as("every customer whose email is invalid now has a rejected row")
                .containsAll(invalid);

        assertSumsAgree(stack);
        assertLedgerReconciles(stack);
        assertS3HoldsEveryCommittedEventOnce(stack);
        assertStageHoldsEveryCommittedEventOnce(stack);
    }

    /** Totals a report would show: order value and items sold, the same in both databases. */
    private static void assertSumsAgree(LocalStack stack) {
        String orders = "SELECT count(*), sum(total_amount) FROM orders";
        String items = "SELECT count(*), sum(quantity) FROM order_items";
        String database = StorefrontPipeline.CLICKHOUSE_DATABASE + ".";
        assertThat(clickHouseTotals(stack, orders.replace("FROM ", "FROM " + database)))
                .isEqualTo(stack.postgres().query(orders).get(0));
        assertThat(clickHouseTotals(stack, items.replace("FROM ", "FROM " + database)))
                .isEqualTo(stack.postgres().query(items).get(0));
    }

    private static List<String> clickHouseTotals(LocalStack stack, String sql) {
        return stack.clickHouse().rows(sql + " FINAL WHERE _is_deleted = 0").get(0);
    }

    /**
     * The seeder's ledger (one record per committed transaction, repeats possible after a crash and keyed by task
     * and position) accounts for every row: per table, rows loaded + created - deleted equals the rows in
     * PostgreSQL, and in ClickHouse except for the customers ValidateRow kept out.
     */
    private static void assertLedgerReconciles(LocalStack stack) {
        Map<String, JsonNode> transactions = new HashMap<>();
        for (var record : stack.kafka().readAll("storefront.seeder.activity")) {
            JsonNode payload = json(record.value()).path("payload");
            transactions.put(payload.path("task").asText() + "@" + payload.path("position").asText(), payload);
        }
        assertThat(transactions).as("ledger records").isNotEmpty();
        Map<String, Long> rows = new HashMap<>();
        for (JsonNode transaction : transactions.values()) {
            transaction.path("row_counts").properties().forEach(count -> {
                String[] tableAndOp = count.getKey().split("\\.");
                long sign = switch (tableAndOp[1]) {
                    case "r", "c" -> 1;
                    case "d" -> -1;
                    default -> 0;
                };
                rows.merge(tableAndOp[0], sign * count.getValue().asLong(), Long::sum);
            });
        }
        Set<String> invalid = invalidCustomers(stack);
        // Customers whose email is invalid now and who never had a valid version: ClickHouse has no row of them.
        long customersKeptOut = invalid.size() - new PipelineAudit(stack).clickHouse("customers").keySet()
                .stream().filter(invalid::contains).count();
        for (String table : StorefrontPipeline.TABLES) {
            long inPostgres = Long.parseLong(stack.postgres().query("SELECT count(*) FROM " + table).get(0).get(0));
            long inClickHouse = Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM "
                    + StorefrontPipeline.CLICKHOUSE_DATABASE + "." + table + " FINAL WHERE _is_deleted = 0"));
            assertThat(rows.get(table)).as("ledger rows of " + table).isEqualTo(inPostgres)
                    .isEqualTo(inClickHouse + (table.equals("customers") ? customersKeptOut : 0));
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of the customers whose email in PostgreSQL breaks the rule now. */
    private static Set<String> invalidCustomers(LocalStack stack) {
        return new PipelineAudit(stack).postgres("customers").values().stream()
                .filter(row -> !PipelineAudit.EMAIL.matcher(row.get(1)).matches()).map(row -> row.get(0))
                .collect(Collectors.toSet());
    }

    /** Every object read back: no Kafka position twice, and every event before the sink's committed offsets there. */
    private static void assertS3HoldsEveryCommittedEventOnce(LocalStack stack) {
        PipelineAudit audit = new PipelineAudit(stack);
        assertThat(audit.s3Problems()).as("S3 objects against the change events in Kafka").isEmpty();
        assertThat(audit.s3CommittedEvents()).as("events the S3 sink committed").isPositive();
    }

    /**
     * The Iceberg stage: every stage table holds as many change rows as there are change events below the offsets
     * it committed, once it has committed every table.
     */
    private static void assertStageHoldsEveryCommittedEventOnce(LocalStack stack) {
        PipelineAudit audit = new PipelineAudit(stack);
        Await.until("the Iceberg stage to commit into its four tables", TIMEOUT,
                () -> StageTables.read(stack).stream().filter(table -> table.rows() > 0).count() == 4);
        assertThat(audit.stageProblems()).as("stage tables against the change events in Kafka").isEmpty();
    }

    private static String scalarOrNull(LocalStack stack, String sql) {
        try {
            List<List<String>> rows = stack.postgres().query(sql);
            return rows.isEmpty() ? null : rows.get(0).get(0);
        } catch (RuntimeException noTableYet) {
            return null;
        }
    }
}
