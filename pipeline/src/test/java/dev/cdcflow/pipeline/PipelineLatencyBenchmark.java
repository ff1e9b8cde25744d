package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.CpuUse;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Harness benchmark of the whole pipeline: end-to-end latency from a PostgreSQL commit to the row visible in
 * ClickHouse under FINAL, at seeder rates stepped up in one running stack until the pipeline falls behind. Probe rows
 * go into a table of their own, captured and sunk like the storefront's; a poller notes when each first shows.
 * Run: scripts/bench-pipeline-latency.sh (-Dbench.rates=a,b,… transactions per second, -Dbench.seconds=probe period
 * per rate, -Dbench.warmup.seconds=traffic at the first rate before any probe, -Dbench.variables=NAME=value,… to
 * fill the connector templates with, e.g. CLICKHOUSE_BATCH_MAX_WAIT_MS=250; -Dbench.compare=NAME=value,… to compare
 * with them side by side in the same run, -Dbench.repeats=steps per setting and rate, default 2).
 */
public final class PipelineLatencyBenchmark {

    private static final String PROBE_TABLE = "latency_probe";
    private static final int[] RATES = Arrays.stream(System.getProperty("bench.rates", "250,500,750,1000").split(","))
            .mapToInt(rate -> Integer.parseInt(rate.strip())).toArray();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 40);
    /** Traffic before the first probe: on two cores the JIT compiler is busy for minutes. */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup.seconds", 240);
    /** After a rate change, before the probes: the seeder restarts with its new rate. */
    private static final int SETTLE_SECONDS = 20;
    private static final int PROBE_INTERVAL_MS = 50;
    private static final int POLL_INTERVAL_MS = 50;
    /** Template variables to try, as in a Compose .env: NAME=value,NAME=value. */
    private static final Map<String, String> VARIABLES = variables("bench.variables");
    /**
     * Variables to compare against {@link #VARIABLES} in the same run: at each rate, steps alternate between the two
     * settings, {@link #REPEATS} times each, so both see the same machine.
     */
    private static final Map<String, String> COMPARED = variables("bench.compare");
    private static final int REPEATS = Integer.getInteger("bench.repeats", 2);
    /** How long a step waits for its last probes; a probe still missing then counts with the time waited. */
    private static final Duration DRAIN = Duration.ofMinutes(2);

    private final LocalStack stack;
    private final Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> seenAt = new ConcurrentHashMap<>();
    private final AtomicLong lastProbe = new AtomicLong();

    private PipelineLatencyBenchmark(LocalStack stack) {
        this.stack = stack;
    }

    /** One rate's figures. Kept up: reached 95 % of the rate, and latency did not grow by a second over the step. */
    record Step(String setting, int rateAsked, double rateReached, long[] sortedLatencies, long firstQuarterMedian,
                long lastQuarterMedian, int missing, double cpuBusy, String cpu) {

        boolean keptUp() {
            return rateReached >= 0.95 * rateAsked && lastQuarterMedian - firstQuarterMedian < 1000 && missing == 0;
        }

        String describe() {
            return String.format("%s%,6d/s asked, %,6.0f/s reached: p50 %,6d ms, p90 %,6d ms, p99 %,6d ms, max %,6d ms"
                    + " (median %,d ms in the first quarter, %,d ms in the last%s) %s", setting, rateAsked, rateReached,
                    percentile(50), percentile(90), percentile(99), sortedLatencies[sortedLatencies.length - 1],
                    firstQuarterMedian, lastQuarterMedian, missing == 0 ? "" : "; " + missing + " probes not seen",
                    keptUp() ? "kept up" : "FELL BEHIND");
        }

        long percentile(int percent) {
            return sortedLatencies[Math.min(sortedLatencies.length - 1,
                    (int) Math.ceil(percent / 100.0 * sortedLatencies.length) - 1)];
        }
    }

    public static void main(String[] args) {
        // Exits when done or failed: a thread a library leaves running must not keep the JVM (and the script) alive.
        JvmExit.runThenExit(() -> benchmark());
    }

    private static void benchmark() throws Exception {
        try (LocalStack stack = LocalStack.builder().pluginsIn(Path.of("pipeline", "target", "plugins")).build()
                .start()) {
            new PipelineLatencyBenchmark(stack).run();
        }
    }

    private void run() throws Exception {
        stack.postgres().execute(
                "CREATE TABLE " + PROBE_TABLE + " (id BIGINT PRIMARY KEY, sent_at TIMESTAMPTZ NOT NULL)",
                "ALTER TABLE " + PROBE_TABLE + " REPLICA IDENTITY FULL");
        StorefrontPipeline pipeline = new StorefrontPipeline(stack,
                Stream.concat(StorefrontPipeline.TABLES.stream(), Stream.of(PROBE_TABLE)).toList(), VARIABLES);
        pipeline.start(options(RATES[0]));
        System.out.printf("Seeder rates %s transactions/s (each one to a few rows), stepped up in one stack until the "
                + "pipeline falls behind; %d s of traffic before the first probe, %d s after each rate change; probes "
                + "every %d ms for %d s per rate; ClickHouse polled every %d ms; template variables %s%n",
                Arrays.toString(RATES), WARMUP_SECONDS, SETTLE_SECONDS, PROBE_INTERVAL_MS, SECONDS, POLL_INTERVAL_MS,
                VARIABLES.isEmpty() ? "as in the templates" : VARIABLES);
        // Probe 0 makes the sink create the probe table now: the first probes would otherwise wait for that DDL.
        stack.postgres().execute("INSERT INTO " + PROBE_TABLE + " (id, sent_at) VALUES (0, now())");
        Await.until("the initial load", Duration.ofMinutes(5), () -> position() > 0);
        Thread.sleep(WARMUP_SECONDS * 1000L);
        Thread poller = poller();
        poller.start();

        List<Map<String, String>> settings = new ArrayList<>(List.of(VARIABLES));
        if (!COMPARED.isEmpty()) {
            Map<String, String> compared = new HashMap<>(VARIABLES);
            compared.putAll(COMPARED);
            settings.add(compared);
            System.out.printf("Compared in the same run: [A] %s against [B] %s, alternating, %d steps each per rate%n",
                    VARIABLES.isEmpty() ? "the templates' defaults" : VARIABLES, COMPARED, REPEATS);
        }
        List<Step> steps = new ArrayList<>();
        for (int rate : RATES) {
            List<Step> atRate = new ArrayList<>();
            for (int repeat = 0; repeat < (settings.size() > 1 ? REPEATS : 1); repeat++) {
                for (int setting = 0; setting < settings.size(); setting++) {
                    if (!steps.isEmpty() || !atRate.isEmpty()) {
                        pipeline = pipeline.withVariables(settings.get(setting));
                        pipeline.start(options(rate));
                        Thread.sleep(SETTLE_SECONDS * 1000L);
                    }
                    String label = settings.size() > 1 ? "[" + (char) ('A' + setting) + "] " : "";
                    Step step = measure(label, rate);
                    atRate.add(step);
                    System.out.println(step.describe());
                    System.out.println("  CPU over the probe period: " + step.cpu());
                }
            }
            steps.addAll(atRate);
            if (atRate.stream().noneMatch(Step::keptUp)) {
                break;
            }
        }
        poller.interrupt();
        if (settings.size() > 1) {
            summarize(steps);
        }
        int sustained = steps.stream().filter(Step::keptUp).mapToInt(Step::rateAsked).max().orElse(0);
        System.out.println(sustained == 0 ? "Highest sustained rate: below " + RATES[0] + " transactions/s"
                : "Highest sustained rate of those tried: " + sustained + " transactions/s");
    }

    /** Per rate and setting, the medians over the repeated steps. */
    private static void summarize(List<Step> steps) {
        Map<String, List<Step>> bySettingAndRate = steps.stream().collect(Collectors.groupingBy(
                step -> String.format("%,6d/s %s", step.rateAsked(), step.setting()), TreeMap::new,
                Collectors.toList()));
        System.out.println("Medians over the repeats:");
        bySettingAndRate.forEach((key, group) -> System.out.printf("  %s reached %,.0f/s, p50 %,d ms, p99 %,d ms, "
                + "CPU %.0f %%%n", key, medianOf(group, Step::rateReached), (long) medianOf(group, step ->
                step.percentile(50)), (long) medianOf(group, step -> step.percentile(99)),
                medianOf(group, Step::cpuBusy)));
    }

    private static double medianOf(List<Step> steps, ToDoubleFunction<Step> figure) {
        double[] values = steps.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static Map<String, String> variables(String property) {
        return Arrays.stream(System.getProperty(property, "").split(",")).filter(pair -> pair.contains("="))
                .collect(Collectors.toMap(pair -> pair.substring(0, pair.indexOf('=')).strip(),
                        pair -> pair.substring(pair.indexOf('=') + 1)));
    }

    private static PipelineOptions options(int rate) {
        return PipelineOptions.parse("--rate", Integer.toString(rate), "--customers", "1000");
    }

    /** Probes for the probe period at the seeder's current rate, then waits for them to show. */
    private Step measure(String setting, int rate) throws SQLException, InterruptedException {
        long startPosition = position();
        long started = System.nanoTime();
        CpuUse cpu = new CpuUse(stack.postgres().process().stream().toArray(ProcessHandle[]::new));
        long firstId = lastProbe.get() + 1;
        probe();
        long lastId = lastProbe.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        double reached = (position() - startPosition) / seconds;
        CpuUse.Usage used = cpu.since(seconds);
        try {
            Await.until("the probes in ClickHouse", DRAIN,
                    () -> LongStream.rangeClosed(firstId, lastId).allMatch(seenAt::containsKey));
        } catch (IllegalStateException timedOut) {
            // Counted below as missing, with the time waited as their latency.
        }
        long now = System.currentTimeMillis();
        long[] inOrder = LongStream.rangeClosed(firstId, lastId)
                .map(id -> seenAt.getOrDefault(id, now) - committedAt.get(id)).toArray();
        int missing = (int) LongStream.rangeClosed(firstId, lastId)
                .filter(id -> !seenAt.containsKey(id)).count();
        int quarter = Math.max(1, inOrder.length / 4);
        long[] sorted = inOrder.clone();
        Arrays.sort(sorted);
        return new Step(setting, rate, reached, sorted, median(Arrays.copyOfRange(inOrder, 0, quarter)),
                median(Arrays.copyOfRange(inOrder, inOrder.length - quarter, inOrder.length)), missing,
                100 * used.coreSeconds() / used.wallSeconds() / Runtime.getRuntime().availableProcessors(),
                used.describe(14));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Inserts a probe row every interval for the probe period. */
    private void probe() throws SQLException, InterruptedException {
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        try (Connection connection = stack.postgres().connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PROBE_TABLE
                     + " (id, sent_at) VALUES (?, now())")) {
            connection.setAutoCommit(true);
            while (System.nanoTime() < end) {
                long id = lastProbe.incrementAndGet();
                insert.setLong(1, id);
                insert.executeUpdate();
                committedAt.put(id, System.currentTimeMillis());
                Thread.sleep(PROBE_INTERVAL_MS);
            }
        }
    }

    /** Polls ClickHouse for probe rows not seen yet and notes when each first shows. */
    private Thread poller() {
        Thread poller = new Thread(() -> {
            long firstUnseen = 1;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    List<List<String>> rows = stack.clickHouse().rows("SELECT id FROM "
                            + StorefrontPipeline.CLICKHOUSE_DATABASE + "." + PROBE_TABLE + " FINAL WHERE id >= "
                            + firstUnseen + " ORDER BY id");
                    long now = System.currentTimeMillis();
                    for (List<String> row : rows) {
                        seenAt.putIfAbsent(Long.parseLong(row.get(0)), now);
                    }
                    while (seenAt.containsKey(firstUnseen)) {
                        firstUnseen++;
                    }
                    Thread.sleep(POLL_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException noTableYet) {
                    Await.sleep(Duration.ofMillis(POLL_INTERVAL_MS));
                }
            }
        }, "latency-poller");
        poller.setDaemon(true);
        return poller;
    }

    private long position() {
        List<List<String>> rows = stack.postgres().query("SELECT coalesce(max(next_position), 0) FROM seeder_progress");
        return Long.parseLong(rows.get(0).get(0));
    }
}
