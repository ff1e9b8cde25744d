package dev.cdcflow.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelJson;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.localstack.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The source on a real worker reading real uploads: rows, rejected rows and job states on their topics, bad files
 * failing their jobs (never the task), and a large file resumed mid-way after a task restart with every row there.
 */
@LocalStackTest
class BatchUploadSourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small polls and producer batches: slow enough that a restart or a change of tasks lands mid-file. */
    private static final Map<String, String> SLOW = Map.of("batch.max.rows", "200", "producer.override.linger.ms",
            "50", "producer.override.batch.size", "4096", "producer.override.buffer.memory", "65536");

    @Test
    void rowsRejectedRowsAndJobStatesArriveAndBadFilesFailTheirJobsOnly(LocalStack stack) {
        String prefix = "happy.";
        stack.s3().createBucket("uploads-happy");
        Model model = model("events_000001");
        put(stack, "uploads-happy", "models/events_000001.json", ModelJson.write(model));
        put(stack, "uploads-happy", "jobs/events_000001/j1.csv", """
                event_id,timestamp,amount
                e1,1709287200,1.5
                e2,,2
                e3,17,abc
                e4,99,3,extra
                e5,5,
                """);
        put(stack, "uploads-happy", "jobs/events_000001/empty.csv", "");
        put(stack, "uploads-happy", "jobs/events_000001/header.csv", "event_id,amount,colour\ne1,1,red\n");
        stack.s3().putObject("uploads-happy", "jobs/events_000001/latin1.csv",
                "event_id,timestamp\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
        put(stack, "uploads-happy", "jobs/nomodel_1/j5.csv", "a\n1\n");
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(source(stack, "batch-happy", "uploads-happy", prefix, Map.of("tasks.max", "2")));
        try {
            Map<String, JsonNode> jobs = Await.value("five jobs ended", TIMEOUT, () -> {
                Map<String, JsonNode> ended = lastStates(stack, prefix + "jobs");
                ended.values().removeIf(job -> job.path("state").asText().equals("PROCESSING"));
                return ended.size() == 5 ? Optional.of(ended) : Optional.empty();
            });

            assertThat(jobs.get("j1").path("state").asText()).isEqualTo("READ");
            assertThat(jobs.get("j1").path("total_rows").asLong()).isEqualTo(5);
            assertThat(jobs.get("empty").path("reason").asText()).contains("The file is empty");
            assertThat(jobs.get("header").path("reason").asText())
                    .contains("the required column 'timestamp' is missing", "'colour' is not a column");
            assertThat(jobs.get("latin1").path("reason").asText()).contains("not UTF-8");
            assertThat(jobs.get("j5").path("reason").asText()).contains("Unknown model 'nomodel_1'");
            assertThat(jobs.values()).filteredOn(job -> !job.path("job_id").asText().equals("j1"))
                    .allMatch(job -> job.path("state").asText().equals("FAILED"));

            List<JsonNode> rows = values(stack, prefix + model.table());
            assertThat(rows).extracting(row -> row.path("event_id").asText() + "@" + row.path("_row").asLong()
                    + ":" + row.path("timestamp").asLong() + ":" + row.path("amount"))
                    .containsExactlyInAnyOrder("e1@1:1709287200:1.5", "e5@5:5:null");
            List<JsonNode> rejected = values(stack, prefix + "rejected");
            assertThat(rejected).extracting(row -> row.path("event_id").asText() + "@"
                    + row.path("row_number").asLong() + ":" + row.path("problems").findValuesAsText("error_code"))
                    .containsExactlyInAnyOrder("e2@2:[REQUIRED_MISSING]", "e3@3:[TYPE_MISMATCH]",
                            "e4@4:[WRONG_FIELD_COUNT]");
            assertThat(rejected).allMatch(row -> row.path("job_id").asText().equals("j1"));
            assertThat(rest.status("batch-happy").path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING").hasSize(2);
        } finally {
            rest.deleteConnector("batch-happy");
        }
    }

    @Test
    void aLargeFileResumesAfterATaskRestartWithEveryRowThere(LocalStack stack) {
        int rows = 60_000;
        String prefix = "large.";
        stack.s3().createBucket("uploads-large");
        Model model = model("events_000002");
        put(stack, "uploads-large", "models/events_000002.json", ModelJson.write(model));
        StringBuilder csv = new StringBuilder("event_id,timestamp,amount\n");
        for (int row = 1; row <= rows; row++) {
            csv.append('e').append(row).append(',').append(row).append(',').append(row % 7).append(".25\n");
        }
        put(stack, "uploads-large", "jobs/events_000002/big.csv", csv.toString());
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(source(stack, "batch-large", "uploads-large", prefix, SLOW));
        try {
            Await.until("a committed offset inside the file", TIMEOUT, () -> committedRow(rest, "batch-large") > 0);
            rest.restartTask("batch-large", 0);
            Map<String, JsonNode> states = Await.value("the job read", TIMEOUT, () -> {
                Map<String, JsonNode> last = lastStates(stack, prefix + "jobs");
                return last.containsKey("big") && last.get("big").path("state").asText().equals("READ")
                        ? Optional.of(last) : Optional.empty();
            });

            assertThat(states.get("big").path("total_rows").asLong()).isEqualTo(rows);
            List<JsonNode> started = values(stack, prefix + "jobs").stream()
                    .filter(job -> job.path("state").asText().equals("PROCESSING")).toList();
            assertThat(started).as("the job started, then resumed mid-file after the restart").hasSize(2);
            assertThat(started.get(1).path("rows_read").asLong()).isBetween(1L, (long) rows - 1);
            assertThat(started.get(1).path("started_at").asLong()).isEqualTo(started.get(0).path("started_at")
                    .asLong());
            Set<Long> seen = new HashSet<>();
            for (JsonNode row : values(stack, prefix + model.table())) {
                assertThat(row.path("event_id").asText()).isEqualTo("e" + row.path("_row").asLong());
                seen.add(row.path("_row").asLong());
            }
            assertThat(seen).hasSize(rows);
        } finally {
            rest.deleteConnector("batch-large");
        }
    }

    /**
     * S3 going away while a file is downloaded cuts the stream mid-file: that is no fault of the file, so the job is
     * not failed; the task waits, opens the file again and goes on from its offsets.
     */
    @Test
    void aDownloadCutOffMidFileIsReadAgainNotFailed(LocalStack stack) {
        // 40,000 rows of 500 bytes: 20 MB, more than the socket buffers hold, so the cut lands inside the download.
        int rows = 40_000;
        String prefix = "cut.";
        stack.s3().createBucket("uploads-cut");
        Model model = model("events_000004");
        put(stack, "uploads-cut", "models/events_000004.json", ModelJson.write(model));
        StringBuilder csv = new StringBuilder("event_id,timestamp,amount\n");
        String padding = "x".repeat(480);
        for (int row = 1; row <= rows; row++) {
            csv.append('c').append(row).append(padding).append(',').append(row).append(",2.5\n");
        }
        put(stack, "uploads-cut", "jobs/events_000004/cut.csv", csv.toString());
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(source(stack, "batch-cut", "uploads-cut", prefix, SLOW));
        try {
            Await.until("a committed offset inside the file", TIMEOUT, () -> committedRow(rest, "batch-cut") > 0);
            stack.s3().stop();
            Await.sleep(Duration.ofSeconds(3));
            stack.s3().start();
            Map<String, JsonNode> states = Await.value("the job ended", TIMEOUT, () -> {
                Map<String, JsonNode> last = lastStates(stack, prefix + "jobs");
                return last.containsKey("cut") && !last.get("cut").path("state").asText().equals("PROCESSING")
                        ? Optional.of(last) : Optional.empty();
            });

            assertThat(states.get("cut").path("state").asText()).isEqualTo("READ");
            assertThat(states.get("cut").path("total_rows").asLong()).isEqualTo(rows);
            assertThat(values(stack, prefix + "jobs")).filteredOn(job -> job.path("state").asText()
                    .equals("PROCESSING")).as("the job opened again mid-file after the cut").hasSizeGreaterThan(1);
            Set<Long> seen = new HashSet<>();
            values(stack, prefix + model.table()).forEach(row -> seen.add(row.path("_row").asLong()));
            assertThat(seen).hasSize(rows);
            assertThat(rest.status("batch-cut").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        } finally {
            rest.deleteConnector("batch-cut");
        }
    }

    @Test
    void jobsMovedByAChangeOfTasksResumeWhereTheirFileWasLeft(LocalStack stack) {
        int rows = 30_000;
        String prefix = "moved.";
        stack.s3().createBucket("uploads-moved");
        Model model = model("events_000003");
        put(stack, "uploads-moved", "models/events_000003.json", ModelJson.write(model));
        List<String> jobs = List.of("m1", "m2", "m3", "m4");
        for (String job : jobs) {
            StringBuilder csv = new StringBuilder("event_id,timestamp,amount\n");
            for (int row = 1; row <= rows; row++) {
                csv.append(job).append('-').append(row).append(',').append(row).append(",1.5\n");
            }
            put(stack, "uploads-moved", "jobs/events_000003/" + job + ".csv", csv.toString());
        }
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(source(stack, "batch-moved", "uploads-moved", prefix, SLOW));
        try {
            Await.until("a committed offset inside a file", TIMEOUT, () -> committedRow(rest, "batch-moved") > 0);
            // Three tasks instead of one: the jobs are spread again, each resumed by its new owner.
            Map<String, String> more = new HashMap<>(SLOW);
            more.put("tasks.max", "3");
            rest.putConnector(source(stack, "batch-moved", "uploads-moved", prefix, more));
            Map<String, JsonNode> states = Await.value("four jobs read", TIMEOUT, () -> {
                Map<String, JsonNode> last = lastStates(stack, prefix + "jobs");
                return jobs.stream().allMatch(job -> last.containsKey(job)
                        && last.get(job).path("state").asText().equals("READ")) ? Optional.of(last)
                        : Optional.empty();
            });

            assertThat(jobs).allSatisfy(job -> assertThat(states.get(job).path("total_rows").asLong())
                    .isEqualTo(rows));
            Map<String, Set<Long>> seen = new HashMap<>();
            for (JsonNode row : values(stack, prefix + model.table())) {
                String job = row.path("_job_id").asText();
                assertThat(row.path("event_id").asText()).isEqualTo(job + "-" + row.path("_row").asLong());
                seen.computeIfAbsent(job, unused -> new HashSet<>()).add(row.path("_row").asLong());
            }
            assertThat(jobs).allSatisfy(job -> assertThat(seen.get(job)).as(job).hasSize(rows));
            assertThat(rest.status("batch-moved").path("tasks").findValuesAsText("state")).containsOnly("RUNNING")
                    .hasSize(3);
        } finally {
            rest.deleteConnector("batch-moved");
        }
    }

    private static Model model(String id) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("event_id", "String");
        columns.put("timestamp", "UInt32");
        columns.put("amount", "Nullable(Float64)");
        return Model.of(id, "events", columns);
    }

    private static ConnectorDefinition source(LocalStack stack, String name, String bucket, String topicPrefix,
                                              Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", BatchUploadSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(BatchUploadConfig.S3_BUCKET_CONFIG, bucket);
        config.put(BatchUploadConfig.S3_ENDPOINT_CONFIG, stack.s3().endpoint().toString());
        config.put(BatchUploadConfig.S3_ACCESS_KEY_CONFIG, S3Server.ACCESS_KEY);
        config.put(BatchUploadConfig.S3_SECRET_KEY_CONFIG, S3Server.SECRET_KEY);
        config.put(BatchUploadConfig.TOPIC_PREFIX_CONFIG, topicPrefix);
        config.put(BatchUploadConfig.POLL_INTERVAL_MS_CONFIG, "500");
        config.putAll(extra);
        return new ConnectorDefinition(name, config);
    }

    /** The highest row offset the worker committed for any file of the connector. */
    private static long committedRow(ConnectRestClient rest, String connector) {
        long row = 0;
        for (JsonNode offset : rest.offsets(connector).path("offsets")) {
            row = Math.max(row, offset.path("offset").path(JobRecords.ROW).asLong());
        }
        return row;
    }

    /** Per job id, its last state record. */
    private static Map<String, JsonNode> lastStates(LocalStack stack, String topic) {
        Map<String, JsonNode> last = new HashMap<>();
        values(stack, topic).forEach(job -> last.put(job.path("job_id").asText(), job));
        return last;
    }

    private static List<JsonNode> values(LocalStack stack, String topic) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : stack.kafka().readAll(topic)) {
            try {
                values.add(JSON.readTree(record.value()).path("payload"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    private static void put(LocalStack stack, String bucket, String key, String text) {
        stack.s3().putObject(bucket, key, text.getBytes(StandardCharsets.UTF_8));
    }
}
