package dev.cdcflow.pipeline.batch;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelJson;
import dev.cdcflow.batchmodel.UploadLayout;
import dev.cdcflow.batchmodel.UploadStore;
import dev.cdcflow.clickhousetext.ClickHouseHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the batch command does: models and jobs are objects in the uploads bucket (the batch upload source reads
 * them), a job's status and rejected rows are read from ClickHouse (what the sink wrote).
 */
public final class BatchJobs implements AutoCloseable {

    /** The columns of {@code batch job rejected}, as the system this grew from printed them. */
    public static final String REJECTED_HEADER = "ROW,EVENT_ID,COLUMN,TYPE,ERROR,OBSERVED,MESSAGE";
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int JOB_SUFFIX_BYTES = 3;

    private final BatchSettings settings;
    private final UploadStore store;
    private final UploadLayout layout;
    private final ClickHouseHttp clickHouse;

    public BatchJobs(BatchSettings settings) {
        this.settings = settings;
        this.store = new UploadStore(settings.s3());
        this.layout = settings.layout();
        this.clickHouse = new ClickHouseHttp(settings.clickHouseUrl(), settings.clickHouseUser(),
                settings.clickHousePassword());
    }

    /** Stores a new model made from a definition (the columns, or an object holding them); returns it. */
    public Model createModel(String name, String definition) {
        Map<String, String> columns = ModelJson.definitionColumns(definition);
        Model model = Model.create(name, columns);
        store.putText(layout.modelKey(model.id()), ModelJson.write(model));
        return model;
    }

    public Model model(String modelId) {
        String text = store.getText(layout.modelKey(modelId));
        return text == null ? null : ModelJson.read(text);
    }

    /** Uploads a CSV file as a new job of a model; returns the job id. */
    public String createJob(String modelId, Path csv) {
        if (model(modelId) == null) {
            throw new IllegalArgumentException("No model '" + modelId + "' (create one with: batch model create NAME "
                    + "FILE)");
        }
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("No file " + csv);
        }
        byte[] suffix = new byte[JOB_SUFFIX_BYTES];
        RANDOM.nextBytes(suffix);
        String jobId = JOB_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
        store.putFile(layout.jobKey(modelId, jobId), csv);
        return jobId;
    }

    /** The job's status, or null when there is no such job. */
    public JobStatus status(String jobId) {
        List<List<String>> jobs = rowsOrNone("SELECT model_id, state, total_rows, reason, uploaded_at, started_at, "
                + "read_at FROM " + table("jobs") + " FINAL WHERE job_id = " + ClickHouseHttp.literal(jobId));
        return jobs.isEmpty() ? waiting(jobId) : landed(jobId, jobs.get(0));
    }

    /** The job's rejected rows as CSV, {@link #REJECTED_HEADER} first, by row and column. */
    public List<String> rejected(String jobId) {
        List<String> lines = new ArrayList<>(List.of(REJECTED_HEADER));
        for (List<String> row : rowsOrNone("SELECT DISTINCT row_number, event_id, column, expected, error_code, "
                + "observed, message FROM " + table("rejected_rows") + " WHERE job_id = "
                + ClickHouseHttp.literal(jobId) + " ORDER BY row_number, column, error_code")) {
            lines.add(String.join(",", row.stream().map(BatchJobs::csvField).toList()));
        }
        return lines;
    }

    @Override
    public void close() {
        store.close();
    }

    private JobStatus landed(String jobId, List<String> job) {
        String modelId = job.get(0);
        Long total = job.get(2) == null ? null : Long.parseLong(job.get(2));
        long ok = 0;
        if (!job.get(1).equals("FAILED") || total == null) {
            ok = count("SELECT count() FROM " + table("data_" + modelId) + " FINAL WHERE _job_id = "
                    + ClickHouseHttp.literal(jobId));
        }
        long errors = count("SELECT uniqExact(row_number) FROM " + table("rejected_rows") + " WHERE job_id = "
                + ClickHouseHttp.literal(jobId));
        return new JobStatus(jobId, modelId, JobStatus.decide(job.get(1), total, ok, errors), total, ok, errors,
                job.get(3), instant(job.get(4)), instant(job.get(5)), instant(job.get(6)));
    }

    /** A job the source has not started: waiting when its upload is there, else unknown (null). */
    private JobStatus waiting(String jobId) {
        for (UploadStore.Upload upload : store.list(layout.jobsPrefix())) {
            UploadLayout.JobFile file = layout.job(upload.key());
            if (file != null && file.jobId().equals(jobId)) {
                return new JobStatus(jobId, file.modelId(), JobStatus.State.WAITING, null, 0, 0, null,
                        upload.lastModified(), null, null);
            }
        }
        return null;
    }

    /**
     * A count; 0 while its table does not exist (nothing of the kind has landed yet), and where an aggregate of a
     * Nullable column over no rows is NULL (18.16's uniqExact).
     */
    private long count(String sql) {
        List<List<String>> rows = rowsOrNone(sql);
        return rows.isEmpty() || rows.get(0).get(0) == null ? 0 : Long.parseLong(rows.get(0).get(0));
    }

    /** The rows of a query, none while its table does not exist yet. */
    private List<List<String>> rowsOrNone(String sql) {
        try {
            return clickHouse.rows(sql);
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("UNKNOWN_TABLE") || e.getMessage().contains("doesn't exist")) {
                return List.of();
            }
            throw e;
        }
    }

    private String table(String name) {
        return ClickHouseHttp.identifier(settings.database()) + "." + ClickHouseHttp.identifier(name);
    }

    /**
     * A timestamp column as the sink wrote it: DateTime64 text in UTC on current servers, epoch milliseconds where
     * the server has no DateTime64 (18.16).
     */
    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
