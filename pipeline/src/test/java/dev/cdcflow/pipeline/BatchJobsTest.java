package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.pipeline.batch.BatchCommand;
import dev.cdcflow.pipeline.batch.BatchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch upload jobs as a user runs them, through the batch command against the local stack: the seed's happy path
 * and rejected path, files that cannot be read, and two jobs of one model at once. States and counts come from what
 * landed in ClickHouse.
 */
@LocalStackTest
class BatchJobsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LARGE_JOB_TIMEOUT = Duration.ofMinutes(6);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FINAL = List.of("SUCCESS", "PARTIAL_SUCCESS", "FAILED");
    private static final Path EXAMPLES = LocalStack.repositoryDir().resolve("examples/batch");

    private LocalStack stack;
    private BatchSettings settings;
    @TempDir
    Path files;

    @BeforeEach
    void startBatchConnectors(LocalStack localStack) {
        stack = localStack;
        settings = StorefrontPipeline.batchSettings(stack);
        new StorefrontPipeline(stack).startBatch();
    }

    @Test
    void theSeedsJobsSucceedOrListTheirRejectedRowsInTheTablesTheModelTypes() {
        String modelId = createModel("events", EXAMPLES.resolve("model.json"));

        String good = createJob(modelId, EXAMPLES.resolve("events.csv"));
        JsonNode goodStatus = awaitFinal(good);
        assertThat(goodStatus.path("state").asText()).isEqualTo("SUCCESS");
        assertThat(goodStatus.path("total").asLong()).isEqualTo(2);
        assertThat(goodStatus.path("ok").asLong()).isEqualTo(2);
        assertThat(stack.clickHouse().rows("SELECT event_id, timestamp, amount, note FROM batch.data_" + modelId
                + " FINAL WHERE _job_id = '" + good + "' ORDER BY _row")).containsExactly(
                List.of("1001abcd", "1733569200", "19.99", "first order"), List.of("1002efgh", "1733569260", "5.25",
                        "\\N"));
        assertThat(stack.clickHouse().rows("SELECT name, type FROM system.columns WHERE database = 'batch' AND "
                + "table = 'data_" + modelId + "' AND name IN ('event_id', 'timestamp', 'amount', 'note') "
                + "ORDER BY name")).as("the model's types").containsExactly(List.of("amount", "Float64"),
                List.of("event_id", "String"), List.of("note", "Nullable(String)"), List.of("timestamp", "UInt32"));

        String mixed = createJob(modelId, EXAMPLES.resolve("events-with-errors.csv"));
        JsonNode mixedStatus = awaitFinal(mixed);
        assertThat(mixedStatus.path("state").asText()).isEqualTo("PARTIAL_SUCCESS");
        assertThat(List.of(mixedStatus.path("total").asLong(), mixedStatus.path("ok").asLong(),
                mixedStatus.path("errors").asLong())).containsExactly(4L, 1L, 3L);
        assertThat(run("job", "rejected", mixed).lines()).containsExactly(
                "ROW,EVENT_ID,COLUMN,TYPE,ERROR,OBSERVED,MESSAGE",
                "1,1001abcd,timestamp,UInt32,REQUIRED_MISSING,,The required column 'timestamp' has no value",
                "2,1002efgh,amount,Float64,TYPE_MISMATCH,five,Column 'amount' is Float64: 'five' cannot be read as one",
                "4,1004mnop,timestamp,UInt32,ABOVE_MAX,4294967296,Column 'timestamp' is UInt32: 4294967296 is above "
                        + "its greatest value 4294967295");
        assertThat(run("job", "status", mixed)).contains("STATE       PARTIAL_SUCCESS", "TOTAL       4",
                "ERRORS      3", "[##############################] 100 %");
    }

    @Test
    void filesThatCannotBeReadFailTheirJobWithTheReasonAndTheConnectorGoesOn() throws IOException {
        String modelId = createModel("bad_files", EXAMPLES.resolve("model.json"));
        String empty = createJob(modelId, write("empty.csv", new byte[0]));
        String header = createJob(modelId, write("header.csv", "event_id,colour\n1,red\n"
                .getBytes(StandardCharsets.UTF_8)));
        String latin1 = createJob(modelId, write("latin1.csv", "event_id,timestamp,amount\ncaf\u00e9,1,2\n"
                .getBytes(StandardCharsets.ISO_8859_1)));
        String quote = createJob(modelId, write("quote.csv", "event_id,timestamp,amount\n\"e1,1,2\n"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(awaitFinal(empty).path("reason").asText()).contains("The file is empty");
        assertThat(awaitFinal(header).path("reason").asText())
                .contains("the required columns 'timestamp', 'amount' are missing", "'colour' is not a column");
        assertThat(awaitFinal(latin1).path("reason").asText()).contains("not UTF-8");
        assertThat(awaitFinal(quote).path("reason").asText()).contains("cannot be read as CSV");
        for (String job : List.of(empty, header, latin1, quote)) {
            assertThat(awaitFinal(job).path("state").asText()).isEqualTo("FAILED");
        }
        assertThat(stack.connect().rest().status(StorefrontPipeline.BATCH_SOURCE).path("tasks")
                .findValuesAsText("state")).containsOnly("RUNNING");
        assertThat(run(1, "job", "status", "no-such-job")).isEmpty();
    }

    @Test
    void twoJobsOfOneModelAtOnceLandEachRowOnce() throws IOException {
        String modelId = createModel("two_jobs", EXAMPLES.resolve("model.json"));
        String first = createJob(modelId, write("first.csv", rows(1, 5_000)));
        String second = createJob(modelId, write("second.csv", rows(5_001, 9_000)));

        assertThat(List.of(awaitFinal(first).path("ok").asLong(), awaitFinal(second).path("ok").asLong()))
                .containsExactly(5_000L, 4_000L);
        assertThat(stack.clickHouse().rows("SELECT count(), uniqExact(event_id) FROM batch.data_" + modelId
                + " FINAL")).containsExactly(List.of("9000", "9000"));
    }

    @Test
    void aMillionRowFileLandsEveryRowOnceAcrossAWorkerRestart() throws IOException {
        int rows = 1_000_000;
        String modelId = createModel("million", EXAMPLES.resolve("model.json"));
        Path csv = files.resolve("million.csv");
        try (var writer = Files.newBufferedWriter(csv)) {
            writer.write("event_id,timestamp,amount,note\n");
            for (int row = 1; row <= rows; row++) {
                writer.write("e" + row + "," + (1_733_500_000 + row) + "," + (row % 1000) + ".25,\n");
            }
        }
        String job = createJob(modelId, csv);
        String count = "SELECT count() FROM batch.data_" + modelId + " WHERE _job_id = '" + job + "'";
        // The worker stops and starts while the file is being read and its rows land.
        Await.until("the first rows of the job in ClickHouse", TIMEOUT, () -> landed(count) > 0);
        long before = landed(count);
        stack.connect().stop();
        stack.connect().start();

        JsonNode status = awaitFinal(job, LARGE_JOB_TIMEOUT);
        assertThat(before).as("rows landed before the restart").isLessThan(rows);
        assertThat(status.path("state").asText()).isEqualTo("SUCCESS");
        assertThat(List.of(status.path("total").asLong(), status.path("ok").asLong(), status.path("errors").asLong()))
                .containsExactly((long) rows, (long) rows, 0L);
        assertThat(stack.clickHouse().rows("SELECT count(), uniqExact(_row), min(_row), max(_row), "
                + "sum(toUInt64(timestamp)) FROM batch.data_" + modelId + " FINAL WHERE _job_id = '" + job + "'"))
                .containsExactly(List.of("1000000", "1000000", "1", "1000000",
                        Long.toString(1_733_500_000L * rows + (long) rows * (rows + 1) / 2)));
    }

    /** The rows a count query finds; none before the model's table exists. */
    private long landed(String countSql) {
        try {
            return Long.parseLong(stack.clickHouse().rows(countSql).get(0).get(0));
        } catch (IllegalStateException noTableYet) {
            return 0;
        }
    }

    private static byte[] rows(int first, int last) {
        StringBuilder csv = new StringBuilder("event_id,timestamp,amount\n");
        for (int row = first; row <= last; row++) {
            csv.append('e').append(row).append(',').append(1_733_500_000 + row).append(',').append(row % 100)
                    .append(".5\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }

    private String createModel(String name, Path definition) {
        try {
            return JSON.readTree(run("model", "create", name, definition.toString())).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String createJob(String modelId, Path csv) {
        String printed = run("job", "create", modelId, csv.toString()).trim();
        assertThat(printed).matches("job [0-9]{8}-[0-9]{6}-[0-9a-f]{6} created\\.");
        return printed.split(" ")[1];
    }

    private JsonNode awaitFinal(String jobId) {
        return awaitFinal(jobId, TIMEOUT);
    }

    /** The job's status once it is final (--json); on a timeout, what the command last said. */
    private JsonNode awaitFinal(String jobId, Duration timeout) {
        StringWriter said = new StringWriter();
        try {
            return Await.value("job " + jobId + " in a final state", timeout, () -> {
                StringWriter out = new StringWriter();
                said.getBuffer().setLength(0);
                BatchCommand.run(new String[] {"job", "status", jobId, "--json"}, settings, new PrintWriter(out, true),
                        new PrintWriter(said, true));
                try {
                    JsonNode status = JSON.readTree(out.toString());
                    said.append(out.toString());
                    return status != null && FINAL.contains(status.path("state").asText()) ? Optional.of(status)
                            : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "; the batch command last said: " + said, e);
        }
    }

    private String run(String... args) {
        return run(0, args);
    }

    /** Runs the batch command; its standard output, the exit code checked unless {@code expectedExit} is -1. */
    private String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BatchCommand.run(args, settings, new PrintWriter(out, true), new PrintWriter(err, true));
        if (expectedExit >= 0) {
            assertThat(exit).as("exit code of batch %s (%s)", String.join(" ", args), err).isEqualTo(expectedExit);
        }
        return out.toString();
    }
}
