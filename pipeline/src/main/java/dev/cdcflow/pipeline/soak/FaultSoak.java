package dev.cdcflow.pipeline.soak;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.PipelineAudit;
import dev.cdcflow.pipeline.PipelineOptions;
import dev.cdcflow.pipeline.PipelineStatus;
import dev.cdcflow.pipeline.StatusScreen;
import dev.cdcflow.pipeline.StorefrontPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fault soak: runs the storefront pipeline on the local stack and, cycle after cycle, injects one fault while
 * the seeder's traffic flows, then pauses the seeder, waits for the sinks, and checks the promise: every PostgreSQL
 * table equals ClickHouse FINAL key by key and column by column, and every Kafka offset the S3 sink committed is in
 * exactly one S3 object. On a difference it prints each differing key's history and stops, keeping the work folder.
 *
 * <p>Run by {@code scripts/soak-pipeline.sh}, which supervises this JVM: when a cycle's fault is a kill of the
 * pipeline, this JVM asks for it with a file and the script kills it with SIGKILL and starts it again on the same
 * folder; the soak goes on from its saved state. Exit codes: 0 all cycles clean, 1 a difference, 2 bad options,
 * 3 the soak itself failed (a fault could not be injected or undone).
 */
public final class FaultSoak {

    private static final String LOG_CONFIG = "cdcflow-log4j2.xml";
    /** The storefront's tables and the soak's own, with what the storefront lacks (see DocumentsTable). */
    private static final List<String> TABLES = Stream.concat(StorefrontPipeline.TABLES.stream(),
            Stream.of(DocumentsTable.TABLE)).toList();

    private final SoakOptions options;
    private final LocalStack stack;
    private final SoakState state;
    private StorefrontPipeline pipeline;
    private final DocumentsTable documents;
    private final SoakBatchJobs batchJobs;

    private FaultSoak(SoakOptions options, LocalStack stack, SoakState state) {
        this.options = options;
        this.stack = stack;
        this.state = state;
        this.pipeline = new StorefrontPipeline(stack, TABLES, sinkTaskVariables(state.sinkTasks()));
        this.documents = new DocumentsTable(stack, options.pipeline().seed());
        this.batchJobs = new SoakBatchJobs(stack);
    }

    public static void main(String[] args) {
        System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        if (List.of(args).contains("--help")) {
            System.out.println(SoakOptions.USAGE);
            return;
        }
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            JvmExit.exit(2);
            return;
        }
        JvmExit.exit(soak(options));
    }

    /** Runs the soak on a stack it starts and stops; returns the exit code. */
    private static int soak(SoakOptions options) {
        PipelineOptions pipeline = options.pipeline();
        try (LocalStack stack = LocalStack.builder().pluginsIn(pipeline.plugins()).workers(pipeline.workers())
                .brokers(pipeline.brokers()).workDir(pipeline.workDir()).build().start()) {
            return new FaultSoak(options, stack, SoakState.load(stack.workDir())).run();
        } catch (RuntimeException e) {
            // Not a difference found but the soak itself failing: said apart, with its cause.
            System.err.println("The soak failed: " + e);
            e.printStackTrace();
            return 3;
        }
    }

    private int run() {
        documents.create();
        pipeline.start(options.pipeline());
        documents.start();
        if (state.cycle() == 1 && !state.faultDone()) {
            awaitInitialSnapshot();
        }
        // A JVM killed during a check left the seeder paused.
        stack.connect().rest().resume(StorefrontPipeline.SEEDER);
        say("soak: the pipeline runs; cycle %d of %d next", state.cycle(), options.cycles());
        while (state.cycle() <= options.cycles()) {
            int cycle = state.cycle();
            Fault fault = options.faultOf(cycle);
            long started = System.nanoTime();
            if (state.faultDone()) {
                say("cycle %d/%d %s: the pipeline JVM was killed and is back", cycle, options.cycles(),
                        fault.label());
            } else {
                Await.sleep(Duration.ofSeconds(options.trafficSeconds()));
                // The cycle's batch job, in flight when the fault comes.
                batchJobs.upload(cycle);
                say("cycle %d/%d %s: %s", cycle, options.cycles(), fault.label(), fault.description());
                if (fault == Fault.KILL_PIPELINE) {
                    state.faultDone(true);
                    requestKill();
                }
                fault.inject(stack, this::toggleSinkTasks, cycle);
                state.faultDone(true);
            }
            Await.sleep(Duration.ofSeconds(options.trafficSeconds()));
            String outcome = check();
            String line = String.format(Locale.ROOT, "%s cycle %d/%d %-34s %s (%d s)", Instant.now(), cycle,
                    options.cycles(), fault.label(), outcome == null ? "ok" : "DIFFERENCE",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            state.record(line);
            say("%s", line);
            if (outcome != null) {
                say("%s%nThe work folder is kept: %s", outcome, stack.workDir());
                return 1;
            }
            state.nextCycle();
        }
        say("soak: %d cycles, 0 differences (work folder %s)", options.cycles(), stack.workDir());
        return 0;
    }

    /**
     * Waits until Debezium's initial snapshot is complete (a record marked the snapshot's last). A fault during it
     * makes Debezium snapshot again from the start, and a row deleted between the two snapshots stays in the sinks
     * (a snapshot carries no deletes): Debezium's gap, which the soak is not there to find.
     */
    private void awaitInitialSnapshot() {
        Await.until("Debezium's initial snapshot complete", Duration.ofMinutes(5), () -> TABLES.stream()
                .map(table -> StorefrontPipeline.TOPIC_PREFIX + ".public." + table)
                .filter(topic -> stack.kafka().topics().contains(topic))
                .anyMatch(topic -> stack.kafka().readAll(topic).stream().anyMatch(record -> record.value() != null
                        && record.value().contains("\"snapshot\":\"last\""))));
    }

    /**
     * Pauses the seeder, waits until ClickHouse equals PostgreSQL, checks S3, resumes the seeder; returns null when
     * all holds, else what differs with each key's history.
     */
    private String check() {
        ConnectRestClient rest = stack.connect().rest();
        rest.pause(StorefrontPipeline.SEEDER);
        documents.pause();
        PipelineAudit audit = new PipelineAudit(stack, TABLES);
        List<PipelineAudit.Difference> differences;
        List<String> batch;
        long deadline = System.nanoTime() + Duration.ofSeconds(options.catchUpSeconds()).toNanos();
        do {
            Await.sleep(Duration.ofSeconds(2));
            differences = differencesOrNull(audit);
            batch = batchJobs.problems(state.cycle());
        } while ((differences == null || !differences.isEmpty() || !batch.isEmpty())
                && System.nanoTime() < deadline);
        StringBuilder problems = new StringBuilder();
        if (differences == null) {
            problems.append("ClickHouse or PostgreSQL did not answer within ").append(options.catchUpSeconds())
                    .append(" s\n");
        } else if (!differences.isEmpty()) {
            problems.append(differences.size()).append(" keys differ after ").append(options.catchUpSeconds())
                    .append(" s; the first ones' histories:\n");
            problems.append(audit.histories(differences, 10));
        }
        List<String> s3 = audit.s3Problems();
        if (!s3.isEmpty()) {
            problems.append(s3.size()).append(" S3 problems:\n");
            s3.stream().limit(20).forEach(problem -> problems.append("  ").append(problem).append('\n'));
        }
        if (!batch.isEmpty()) {
            problems.append(batch.size()).append(" batch job problems:\n");
            batch.forEach(problem -> problems.append("  ").append(problem).append('\n'));
        }
        String traffic = trafficProblem();
        if (traffic != null) {
            problems.append(traffic).append('\n');
        }
        List<String> stage = audit.stageProblems();
        if (!stage.isEmpty()) {
            problems.append(stage.size()).append(" Iceberg stage problems:\n");
            stage.forEach(problem -> problems.append("  ").append(problem).append('\n'));
        }
        if (!problems.isEmpty()) {
            problems.append("The pipeline now:\n").append(statusOrWhyNot());
            return problems.toString();
        }
        say("  PostgreSQL = ClickHouse FINAL (%s); %,d Kafka offsets below the S3 sink's committed offsets, every "
                + "change event among them in one object; %,d change rows in the Iceberg stage, each committed event "
                + "once; %d batch jobs of %,d rows each landed, every valid row once, every invalid one rejected",
                rowCounts(audit), audit.s3CommittedEvents(), audit.stageRows(), state.cycle(), SoakBatchJobs.ROWS);
        // The next schema change of the documents table, which the next cycle's check covers.
        say("  documents: %s", documents.change(state.cycle()));
        rest.resume(StorefrontPipeline.SEEDER);
        documents.resume();
        return null;
    }

    /**
     * The storefront's traffic must have gone on since the last check: a seeder stuck on one transaction would
     * leave every later check comparing a quiet shop, and pass.
     */
    private String trafficProblem() {
        long position = Long.parseLong(stack.postgres().query(
                "SELECT coalesce(sum(next_position), 0) FROM public.seeder_progress").get(0).get(0));
        long previous = state.seederPosition();
        if (position <= previous) {
            return "The storefront seeder wrote nothing this cycle (its position is " + position
                    + ", as at the last check): its traffic stopped";
        }
        state.seederPosition(position);
        return null;
    }

    private List<PipelineAudit.Difference> differencesOrNull(PipelineAudit audit) {
        try {
            List<PipelineAudit.Difference> differences = new ArrayList<>(audit.differences());
            differences.addAll(documents.differences());
            return differences;
        } catch (RuntimeException notAnswering) {
            return null;
        }
    }

    private String rowCounts(PipelineAudit audit) {
        return StorefrontPipeline.TABLES.stream().map(table -> String.format(Locale.ROOT, "%s %,d", table,
                audit.postgres(table).size())).collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, ", %s %,d", DocumentsTable.TABLE, documents.rows());
    }

    private String statusOrWhyNot() {
        try {
            return StatusScreen.render(new PipelineStatus(stack).take(), Duration.ZERO);
        } catch (RuntimeException e) {
            return "(status unavailable: " + e.getMessage() + ")";
        }
    }

    /** Asks the supervising script for SIGKILL and waits for it; never returns. */
    private void requestKill() {
        try {
            Files.createDirectories(state.killRequest().getParent());
            Files.writeString(state.killRequest(), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot ask for the kill", e);
        }
        while (true) {
            Await.sleep(Duration.ofSeconds(60));
            say("still waiting for the supervising script's kill -9 (is this run through scripts/soak-pipeline.sh?)");
        }
    }

    /**
     * Re-registers the three sinks with the other task count (ClickHouse and S3 between 1 and 2, the stage between 2
     * and 3: it always runs more than one); the databases are not touched (ClickHouse may be away).
     */
    private void toggleSinkTasks() {
        int tasks = state.sinkTasks() == 1 ? 2 : 1;
        pipeline = pipeline.withVariables(sinkTaskVariables(tasks));
        pipeline.start(options.pipeline());
        state.sinkTasks(tasks);
    }

    private static Map<String, String> sinkTaskVariables(int sinkTasks) {
        return Map.of("CLICKHOUSE_SINK_TASKS", Integer.toString(sinkTasks), "S3_SINK_TASKS",
                Integer.toString(sinkTasks), "ICEBERG_STAGE_TASKS", Integer.toString(sinkTasks + 1));
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
