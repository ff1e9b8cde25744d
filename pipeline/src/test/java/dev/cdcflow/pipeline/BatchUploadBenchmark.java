package dev.cdcflow.pipeline;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.batch.BatchJobs;
import dev.cdcflow.pipeline.batch.JobStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Harness benchmark of batch upload jobs: rows per second from a CSV file's upload to every row of it in ClickHouse
 * (the job SUCCESS, counted from what landed), beside a plain {@code INSERT … FORMAT CSVWithNames} of the same file
 * into a table of the same types, in the same run, alternating. {@code -Dbench.rows=N} (default 1,000,000),
 * {@code -Dbench.rounds=N} (default 3).
 */
public final class BatchUploadBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final String MODEL = "{\"event_id\": \"String\", \"timestamp\": \"UInt32\", "
            + "\"amount\": \"Float64\", \"note\": \"Nullable(String)\"}";

    private BatchUploadBenchmark() {
    }

    public static void main(String[] args) {
        JvmExit.runThenExit(BatchUploadBenchmark::benchmark);
    }

    private static void benchmark() throws Exception {
        try (LocalStack stack = LocalStack.builder().pluginsIn(Path.of("pipeline", "target", "plugins")).build()
                .start()) {
            new StorefrontPipeline(stack).startBatch();
            Path csv = Files.createTempFile("batch-bench-", ".csv");
            try {
                write(csv);
                run(stack, csv);
            } finally {
                Files.deleteIfExists(csv);
            }
        }
    }

    private static void run(LocalStack stack, Path csv) throws Exception {
        System.out.printf(Locale.ROOT, "%,d rows, %.1f MB CSV; %d rounds, the two paths alternating; the batch path "
                + "with the templates' settings (1 source task, 1 sink task, JsonConverter with schemas)%n", ROWS,
                Files.size(csv) / 1e6, ROUNDS);
        List<Double> direct = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        try (BatchJobs jobs = new BatchJobs(StorefrontPipeline.batchSettings(stack))) {
            Model model = jobs.createModel("bench", MODEL);
            for (int round = 1; round <= ROUNDS; round++) {
                double directRate = direct(stack, csv, round);
                double batchRate = batch(jobs, model, csv);
                direct.add(directRate);
                batch.add(batchRate);
                System.out.printf(Locale.ROOT, "round %d: INSERT FORMAT CSVWithNames %,.0f rows/s; batch job (upload, "
                        + "source, Kafka, sink, until SUCCESS) %,.0f rows/s (%.0f %%)%n", round, directRate,
                        batchRate, 100 * batchRate / directRate);
            }
        }
        double directMedian = median(direct);
        double batchMedian = median(batch);
        System.out.printf(Locale.ROOT, "median: INSERT FORMAT CSVWithNames %,.0f rows/s; batch job %,.0f rows/s, "
                + "%.0f %% of the direct insert%n", directMedian, batchMedian, 100 * batchMedian / directMedian);
    }

    /** The file into a fresh table of the model's types, as one HTTP INSERT; rows per second. */
    private static double direct(LocalStack stack, Path csv, int round) throws Exception {
        String table = "batch.direct_" + round;
        stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS batch");
        stack.clickHouse().execute("CREATE TABLE " + table + " (event_id String, timestamp UInt32, amount Float64, "
                + "note Nullable(String)) ENGINE = ReplacingMergeTree ORDER BY event_id");
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.clickHouse().httpUrl() + "/?query="
                        + URLEncoder.encode("INSERT INTO " + table + " FORMAT CSVWithNames", StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).timeout(TIMEOUT).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("INSERT failed: " + response.body());
        }
        long count = Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM " + table));
        if (count != ROWS) {
            throw new IllegalStateException("The direct INSERT wrote " + count + " rows, not " + ROWS);
        }
        return ROWS / (nanos / 1e9);
    }

    /** The file as a batch job, from the upload to the job SUCCESS; rows per second. */
    private static double batch(BatchJobs jobs, Model model, Path csv) {
        long start = System.nanoTime();
        String job = jobs.createJob(model.id(), csv);
        Await.until("job " + job + " SUCCESS", TIMEOUT, () -> {
            JobStatus status = jobs.status(job);
            if (status != null && status.state() == JobStatus.State.FAILED) {
                throw new IllegalStateException("The job failed: " + status.reason());
            }
            return status != null && status.state() == JobStatus.State.SUCCESS;
        });
        return ROWS / ((System.nanoTime() - start) / 1e9);
    }

    private static void write(Path csv) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(csv)) {
            writer.write("event_id,timestamp,amount,note\n");
            for (int row = 1; row <= ROWS; row++) {
                writer.write("e" + row + "," + (1_733_500_000 + row) + "," + (row % 1000) + ".25,"
                        + (row % 10 == 0 ? "every tenth row has a note" : "") + "\n");
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
