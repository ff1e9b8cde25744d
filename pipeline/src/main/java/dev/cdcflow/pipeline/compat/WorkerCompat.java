package dev.cdcflow.pipeline.compat;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.MetricsScrape;
import dev.cdcflow.pipeline.Arguments;
import dev.cdcflow.pipeline.PipelineAudit;
import dev.cdcflow.pipeline.PipelineOptions;
import dev.cdcflow.pipeline.StageTables;
import dev.cdcflow.pipeline.StorefrontPipeline;
import dev.cdcflow.pipeline.batch.BatchJobs;
import dev.cdcflow.pipeline.batch.JobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storefront pipeline on a Connect worker of another Kafka release, run from that release's own jars in a JVM of
 * its own: the seeder writes PostgreSQL, Debezium captures it, FlattenChangeEvent and ValidateRow shape it, the
 * ClickHouse and S3 sinks write it, and each part is checked end to end. Prints one line per plugin, pass or fail
 * with the reason, and exits 1 when any failed.
 *
 * <pre>java -cp … dev.cdcflow.pipeline.compat.WorkerCompat --kafka 3.9.2 --worker-lib DIR --java PATH --plugins DIR
 *     --java-version 21.0.13</pre>
 */
public final class WorkerCompat {

    private static final String USAGE = "WorkerCompat --kafka VERSION --worker-lib DIR --java PATH --plugins DIR "
            + "[--java-version TEXT] [--transactions N]";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** One plugin's verdict on one worker. */
    public record Verdict(String plugin, boolean passed, String detail) {
    }

    private WorkerCompat() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String kafka = Arguments.required("--kafka", options.get("--kafka"), USAGE);
        List<Verdict> verdicts = run(Path.of(Arguments.required("--worker-lib", options.get("--worker-lib"), USAGE)),
                Path.of(Arguments.required("--java", options.get("--java"), USAGE)),
                Path.of(Arguments.required("--plugins", options.get("--plugins"), USAGE)),
                options.containsKey("--transactions")
                        ? Arguments.positive("--transactions", options.get("--transactions"), USAGE) : 150);
        String javaVersion = options.getOrDefault("--java-version", "?");
        verdicts.forEach(verdict -> System.out.printf("| %s | %s | %s | %s | %s |%n", kafka, javaVersion,
                verdict.plugin(), verdict.passed() ? "pass" : "FAIL", verdict.detail()));
        JvmExit.exit(verdicts.stream().allMatch(Verdict::passed) ? 0 : 1);
    }

    /** Runs the pipeline on a worker from {@code workerLib} and returns each plugin's verdict. */
    public static List<Verdict> run(Path workerLib, Path java, Path plugins, int transactions) {
        List<Verdict> verdicts = new ArrayList<>();
        try (LocalStack stack = LocalStack.builder().pluginsIn(plugins).workerRuntime(workerLib, java).build()
                .start()) {
            StorefrontPipeline pipeline = new StorefrontPipeline(stack);
            pipeline.start(PipelineOptions.parse("--seed", "7", "--rate", "100", "--customers", "100",
                    "--transactions", Integer.toString(transactions), "--invalid-email-ratio", "0.1",
                    "--s3-flush-seconds", "1", "--stage-commit-seconds", "1"));
            verdicts.add(check(stack, "storefront-seeder (source)", StorefrontPipeline.SEEDER,
                    () -> awaitSeeder(stack, transactions)));
            verdicts.add(check(stack, "Debezium PostgreSQL (source)", StorefrontPipeline.DEBEZIUM,
                    () -> Await.until("change events from Debezium",
                    TIMEOUT, () -> !stack.kafka().readAll("storefront.public.orders").isEmpty())));
            PipelineAudit audit = new PipelineAudit(stack);
            verdicts.add(check(stack, "FlattenChangeEvent + clickhouse-sink", StorefrontPipeline.CLICKHOUSE_SINK,
                    () -> Await.until(
                    "ClickHouse equal to PostgreSQL", TIMEOUT, () -> audit.differences().isEmpty())));
            verdicts.add(check(stack, "ValidateRow", StorefrontPipeline.CLICKHOUSE_SINK,
                    () -> Await.until("rejected rows of invalid emails", TIMEOUT,
                    () -> !stack.clickHouse().rows("SELECT 1 FROM " + StorefrontPipeline.CLICKHOUSE_DATABASE
                            + ".rejected_rows WHERE error_code = 'PATTERN_MISMATCH' LIMIT 1").isEmpty())));
            verdicts.add(check(stack, "s3-raw-sink", StorefrontPipeline.S3_SINK,
                    () -> Await.until("change events in S3, each once", TIMEOUT,
                    () -> audit.s3CommittedEvents() > 0 && audit.s3Problems().isEmpty())));
            verdicts.add(check(stack, "iceberg-stage-sink", StorefrontPipeline.ICEBERG_STAGE,
                    () -> Await.until("change rows in the four Iceberg stage tables, each event once", TIMEOUT,
                    () -> StageTables.read(stack).stream().filter(table -> table.rows() > 0).count() == 4
                            && audit.stageProblems().isEmpty())));
            verdicts.add(check(stack, "batch-upload-source + clickhouse-sink", StorefrontPipeline.BATCH_SOURCE,
                    () -> awaitBatchJob(stack)));
            verdicts.add(check(stack, "metrics (JMX exporter agent)", StorefrontPipeline.CLICKHOUSE_SINK,
                    () -> awaitMetrics(stack)));
        } catch (RuntimeException e) {
            // The table keeps one line; the whole cause goes to stderr, which the script does not filter.
            e.printStackTrace();
            verdicts.add(new Verdict("the worker", false, firstLine(e.getMessage())));
        }
        return verdicts;
    }

    /**
     * The image's exporter agent with the repository's rules serves every plugin's series, counting what the pipeline
     * did: the rules match this worker's metrics (plugin metrics from Kafka 4.1, the plugins' own MBeans before).
     */
    private static void awaitMetrics(LocalStack stack) {
        List<String> counters = List.of("cdcflow_seeder_transactions_total", "cdcflow_clickhouse_rows_written_total",
                "cdcflow_s3_records_written_total", "cdcflow_iceberg_stage_rows_committed_total",
                "cdcflow_validation_rows_total", "cdcflow_batch_rows_sent_total",
                "kafka_connect_sink_task_sink_record_send_total");
        Await.until("every plugin's series counting, at " + stack.metrics().url(), TIMEOUT, () -> {
            MetricsScrape scrape = MetricsScrape.of(stack.metrics().url());
            return counters.stream().allMatch(counter -> scrape.sum(counter) > 0);
        });
    }

    /** The seed's job with rejected rows, through the batch command's code: its rows and rejections land. */
    private static void awaitBatchJob(LocalStack stack) {
        Path examples = LocalStack.repositoryDir().resolve("examples/batch");
        try (BatchJobs jobs = new BatchJobs(StorefrontPipeline.batchSettings(stack))) {
            Model model = jobs.createModel("compat", Files.readString(examples.resolve("model.json")));
            String job = jobs.createJob(model.id(), examples.resolve("events-with-errors.csv"));
            Await.until("job " + job + " PARTIAL_SUCCESS with 1 row and 3 rejected", TIMEOUT, () -> {
                JobStatus status = jobs.status(job);
                return status != null && status.state() == JobStatus.State.PARTIAL_SUCCESS && status.ok() == 1
                        && status.errors() == 3;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitSeeder(LocalStack stack, int transactions) {
        Await.until("the seeder's transactions", TIMEOUT, () -> {
            List<List<String>> rows = stack.postgres().query("SELECT next_position FROM seeder_progress");
            return !rows.isEmpty() && rows.get(0).get(0) != null && Long.parseLong(rows.get(0).get(0)) > transactions;
        });
    }

    /** Runs a check; a failure names what the connector's failed task reports, when one has failed. */
    private static Verdict check(LocalStack stack, String plugin, String connector, Runnable check) {
        try {
            check.run();
            return new Verdict(plugin, true, "");
        } catch (RuntimeException e) {
            return new Verdict(plugin, false, firstLine(e.getMessage()) + failedTask(stack, connector));
        }
    }

    private static String failedTask(LocalStack stack, String connector) {
        try {
            for (var task : stack.connect().rest().status(connector).path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return "; task " + task.path("id").asInt() + " FAILED: " + firstLine(task.path("trace").asText());
                }
            }
            return "";
        } catch (RuntimeException e) {
            return "; status unavailable: " + firstLine(e.getMessage());
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").replace("|", "/");
    }
}
