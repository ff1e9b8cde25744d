package dev.cdcflow.pipeline.soak;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelJson;
import dev.cdcflow.batchmodel.UploadLayout;
import dev.cdcflow.batchmodel.UploadStore;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.StorefrontPipeline;
import dev.cdcflow.pipeline.batch.BatchJobs;
import dev.cdcflow.pipeline.batch.BatchSettings;
import dev.cdcflow.pipeline.batch.JobStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's batch upload jobs: one per cycle, uploaded just before the cycle's fault so that the fault lands while
 * its file is read and its rows land. Every seventh row breaks the model. The check wants every job uploaded so far
 * final, with exactly its valid rows in ClickHouse (each once after FINAL) and its invalid rows rejected.
 */
final class SoakBatchJobs {

    static final int ROWS = 50_000;
    private static final int INVALID_EVERY = 7;
    private static final String MODEL_ID = "soak_events";

    private final LocalStack stack;
    private final BatchSettings settings;

    SoakBatchJobs(LocalStack stack) {
        this.stack = stack;
        this.settings = StorefrontPipeline.batchSettings(stack);
    }

    /** Uploads the cycle's job, unless a killed run uploaded it already (the model made at the first upload). */
    void upload(int cycle) {
        String jobId = jobId(cycle);
        try (UploadStore store = new UploadStore(settings.s3())) {
            UploadLayout layout = settings.layout();
            if (store.getText(layout.modelKey(MODEL_ID)) == null) {
                Map<String, String> columns = new LinkedHashMap<>();
                columns.put("event_id", "String");
                columns.put("timestamp", "UInt32");
                columns.put("amount", "Float64");
                store.putText(layout.modelKey(MODEL_ID), ModelJson.write(Model.of(MODEL_ID, "soak events", columns)));
            }
            if (store.list(layout.jobKey(MODEL_ID, jobId)).isEmpty()) {
                Path csv = write(jobId);
                try {
                    store.putFile(layout.jobKey(MODEL_ID, jobId), csv);
                } finally {
                    Files.deleteIfExists(csv);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the jobs of cycles 1 to {@code cycle}; empty when every one landed as it should. */
    List<String> problems(int cycle) {
        List<String> problems = new ArrayList<>();
        long invalid = ROWS / INVALID_EVERY;
        try (BatchJobs jobs = new BatchJobs(settings)) {
            for (int done = 1; done <= cycle; done++) {
                String jobId = jobId(done);
                JobStatus status = jobs.status(jobId);
                if (status == null || status.state() != JobStatus.State.PARTIAL_SUCCESS || status.ok() != ROWS - invalid
                        || status.errors() != invalid) {
                    problems.add("batch job " + jobId + ": " + (status == null ? "unknown" : status.state() + " "
                            + status.ok() + " ok, " + status.errors() + " rejected, total " + status.total())
                            + "; expected PARTIAL_SUCCESS, " + (ROWS - invalid) + " ok, " + invalid + " rejected");
                    continue;
                }
                List<List<String>> rows = stack.clickHouse().rows("SELECT count(), uniqExact(_row) FROM batch.data_"
                        + MODEL_ID + " FINAL WHERE _job_id = '" + jobId + "'");
                if (!rows.get(0).equals(List.of(Long.toString(ROWS - invalid), Long.toString(ROWS - invalid)))) {
                    problems.add("batch job " + jobId + ": rows after FINAL " + rows.get(0) + ", expected "
                            + (ROWS - invalid) + " each once");
                }
            }
        } catch (RuntimeException notAnswering) {
            problems.add("batch jobs cannot be checked: " + notAnswering.getMessage());
        }
        return problems;
    }

    private static String jobId(int cycle) {
        return "soak-cycle-" + cycle;
    }

    private static Path write(String jobId) throws IOException {
        Path csv = Files.createTempFile(jobId, ".csv");
        try (BufferedWriter writer = Files.newBufferedWriter(csv)) {
            writer.write("event_id,timestamp,amount\n");
            for (int row = 1; row <= ROWS; row++) {
                writer.write(jobId + "-" + row + "," + (1_733_500_000 + row) + ","
                        + (row % INVALID_EVERY == 0 ? "not-a-number" : row % 100 + ".5") + "\n");
            }
        }
        return csv;
    }
}
