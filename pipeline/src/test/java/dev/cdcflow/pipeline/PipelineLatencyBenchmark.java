package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.CpuUse;
import dev.cdcflow.localstack.LocalStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Harness benchmark of the whole pipeline: end-to-end latency from a PostgreSQL commit to the row visible in
 * ClickHouse under FINAL, while the seeder runs at a steady rate. Probe rows go into a table of their own, captured
 * and sunk like the storefront's; a poller notes when each first shows in ClickHouse.
 * Run: scripts/bench-pipeline-latency.sh (-Dbench.rate=transactions per second, -Dbench.seconds=probe period,
 * -Dbench.warmup.seconds=traffic before the probes).
 */
public final class PipelineLatencyBenchmark {

    private static final String PROBE_TABLE = "latency_probe";
    private static final int RATE = Integer.getInteger("bench.rate", 1000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int PROBE_INTERVAL_MS = 50;
    private static final int POLL_INTERVAL_MS = 50;
    /** Seconds of traffic before the probes: the JIT compiler is still busy for a minute or more. */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup.seconds", 60);

    private PipelineLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalStack stack = LocalStack.builder().pluginsIn(Path.of("pipeline", "target", "plugins")).build()
                .start()) {
            stack.postgres().execute("CREATE TABLE " + PROBE_TABLE + " (id BIGINT PRIMARY KEY, sent_at TIMESTAMPTZ NOT NULL)",
                    "ALTER TABLE " + PROBE_TABLE + " REPLICA IDENTITY FULL");
            List<String> tables = Stream.concat(StorefrontPipeline.TABLES.stream(), Stream.of(PROBE_TABLE)).toList();
            new StorefrontPipeline(stack, tables).start(PipelineOptions.parse("--rate", Integer.toString(RATE),
                    "--customers", "1000"));
            System.out.printf("Seeder at %,d transactions/s (each one to a few rows); after the initial load and %d s "
                    + "of traffic, probes every %d ms for %d s; ClickHouse polled every %d ms%n", RATE, WARMUP_SECONDS,
                    PROBE_INTERVAL_MS, SECONDS, POLL_INTERVAL_MS);
            // The initial load first, then traffic long enough for the JIT and the sinks' batching to settle.
            Await.until("the initial load", Duration.ofMinutes(5), () -> position(stack) > 0);
            Thread.sleep(WARMUP_SECONDS * 1000L);

            Map<Long, Long> committedAt = new ConcurrentHashMap<>();
            Map<Long, Long> seenAt = new ConcurrentHashMap<>();
            long startPosition = position(stack);
            long started = System.nanoTime();
            CpuUse cpu = new CpuUse();
            Thread poller = poller(stack, committedAt, seenAt);
            poller.start();
            long probes = probe(stack, committedAt);
            double seconds = (System.nanoTime() - started) / 1e9;
            long transactions = position(stack) - startPosition;
            String cpuUse = cpu.since(seconds).describe(12);
            Await.until("every probe in ClickHouse", Duration.ofMinutes(5), () -> seenAt.size() >= probes);
            poller.interrupt();

            long[] latencies = committedAt.keySet().stream()
                    .mapToLong(id -> seenAt.get(id) - committedAt.get(id)).sorted().toArray();
            System.out.printf("Seeder ran %,d transactions in %.0f s = %,.0f transactions/s (asked %,d)%n",
                    transactions, seconds, transactions / seconds, RATE);
            System.out.printf("Latency from PostgreSQL commit to visible in ClickHouse FINAL, %d probes: p50 %d ms, "
                    + "p90 %d ms, p99 %d ms, max %d ms%n", latencies.length, percentile(latencies, 50),
                    percentile(latencies, 90), percentile(latencies, 99), latencies[latencies.length - 1]);
            System.out.println("CPU over the probe period: " + cpuUse);
        }
    }

    /** Inserts a probe row every interval for the probe period; returns how many. */
    private static long probe(LocalStack stack, Map<Long, Long> committedAt) throws SQLException,
            InterruptedException {
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        long id = 0;
        try (Connection connection = stack.postgres().connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PROBE_TABLE
                     + " (id, sent_at) VALUES (?, now())")) {
            connection.setAutoCommit(true);
            while (System.nanoTime() < end) {
                insert.setLong(1, ++id);
                insert.executeUpdate();
                committedAt.put(id, System.currentTimeMillis());
                Thread.sleep(PROBE_INTERVAL_MS);
            }
        }
        return id;
    }

    /** Polls ClickHouse for probe rows not seen yet and notes when each first shows. */
    private static Thread poller(LocalStack stack, Map<Long, Long> committedAt, Map<Long, Long> seenAt) {
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
                    sleepQuietly();
                }
            }
        }, "latency-poller");
        poller.setDaemon(true);
        return poller;
    }

    private static long position(LocalStack stack) {
        List<List<String>> rows = stack.postgres().query("SELECT coalesce(max(next_position), 0) FROM seeder_progress");
        return Long.parseLong(rows.get(0).get(0));
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL_INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
