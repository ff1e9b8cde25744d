package dev.cdcflow.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.batch.read.CsvRow;
import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelColumn;
import dev.cdcflow.batchmodel.UploadLayout.JobFile;
import dev.cdcflow.common.CdcColumns;
import dev.cdcflow.common.RejectedRowContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records of one job: each valid row on its model's topic, keyed by job and row (so a row sent twice is one row
 * in a ReplacingMergeTree table), each rejected row as a rejected-row record, and the job's state. Every record's
 * source partition is the job's file and its offset the rows done, so a task resumes the file where it stopped.
 */
final class JobRecords {

    /** The source partition key: the job's file. */
    static final String OBJECT = "object";
    /** Offsets: the rows of the file done, when the job started, and its state once the file is read. */
    static final String ROW = "row";
    static final String STARTED = "started";
    static final String STATE = "state";

    static final String JOB_ID_FIELD = "_job_id";
    static final String ROW_FIELD = "_row";

    /** A job's state as the source knows it; the rows landed in ClickHouse decide success. */
    enum State { PROCESSING, READ, FAILED }

    /** A row's key: its job and its number, so a row sent twice is one row in a ReplacingMergeTree table. */
    static final Schema ROW_KEY_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.batch.RowKey")
            .field(JOB_ID_FIELD, Schema.STRING_SCHEMA).field(ROW_FIELD, Schema.INT64_SCHEMA).build();
    static final Schema JOB_KEY_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.batch.JobKey")
            .field("job_id", Schema.STRING_SCHEMA).build();
    static final Schema JOB_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.batch.Job").version(1)
            .doc("A batch job's state as its file is read")
            .field("job_id", Schema.STRING_SCHEMA)
            .field("model_id", Schema.STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA)
            .field("state", Schema.STRING_SCHEMA)
            .field("rows_read", Schema.INT64_SCHEMA)
            .field("total_rows", Schema.OPTIONAL_INT64_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("uploaded_at", Timestamp.SCHEMA)
            .field("started_at", Timestamp.SCHEMA)
            .field("read_at", Timestamp.builder().optional().build())
            .field(CdcColumns.VERSION, Schema.INT64_SCHEMA)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobFile job;
    private final Model model;
    private final Instant uploadedAt;
    private final long startedAt;
    private final String dataTopic;
    private final String rejectedTopic;
    private final String jobsTopic;
    private final Map<String, String> sourcePartition;
    private final Schema valueSchema;

    JobRecords(JobFile job, Model model, Instant uploadedAt, long startedAt, String topicPrefix) {
        this.job = job;
        this.model = model;
        this.uploadedAt = uploadedAt;
        this.startedAt = startedAt;
        this.dataTopic = topicPrefix + (model == null ? "data_" + job.modelId() : model.table());
        this.rejectedTopic = topicPrefix + "rejected";
        this.jobsTopic = topicPrefix + "jobs";
        this.sourcePartition = Map.of(OBJECT, job.key());
        this.valueSchema = model == null ? null : rowSchema(model);
    }

    static Map<String, String> sourcePartition(String objectKey) {
        return Map.of(OBJECT, objectKey);
    }

    /** A row of the file: on the model's topic when valid, else a rejected-row record. */
    SourceRecord row(CsvRow row) {
        Struct key = new Struct(ROW_KEY_SCHEMA).put(JOB_ID_FIELD, job.jobId()).put(ROW_FIELD, row.number());
        Map<String, Object> offset = offset(row.number(), null);
        // A row's time is its file's upload: the same when a restart sends the row again, so the copy lands in the
        // same ClickHouse partition as the first and merges with it.
        if (!row.valid()) {
            return new SourceRecord(sourcePartition, offset, rejectedTopic, null, ROW_KEY_SCHEMA, key,
                    RejectedRowContract.SCHEMA, rejected(row, key), uploadedAt.toEpochMilli());
        }
        Struct value = new Struct(valueSchema);
        List<ModelColumn> columns = model.columns();
        for (int i = 0; i < columns.size(); i++) {
            value.put(columns.get(i).name(), row.values()[i]);
        }
        value.put(JOB_ID_FIELD, job.jobId()).put(ROW_FIELD, row.number()).put(CdcColumns.VERSION, 1L);
        return new SourceRecord(sourcePartition, offset, dataTopic, null, ROW_KEY_SCHEMA, key, valueSchema, value,
                uploadedAt.toEpochMilli());
    }

    /** The job's state: started (rows done so far), read to its end, or failed with the reason. */
    SourceRecord state(State state, long rowsRead, String reason) {
        boolean ended = state != State.PROCESSING;
        Struct value = new Struct(JOB_SCHEMA)
                .put("job_id", job.jobId())
                .put("model_id", job.modelId())
                .put("file", job.key())
                .put("state", state.name())
                .put("rows_read", rowsRead)
                .put("total_rows", state == State.READ ? rowsRead : null)
                .put("reason", reason)
                .put("uploaded_at", Date.from(uploadedAt))
                .put("started_at", new Date(startedAt))
                .put("read_at", ended ? new Date() : null)
                // Later states of a job win in a ReplacingMergeTree: the version grows with the rows read.
                .put(CdcColumns.VERSION, rowsRead * 2 + (ended ? 1 : 0));
        return new SourceRecord(sourcePartition, offset(rowsRead, ended ? state : null), jobsTopic, null,
                JOB_KEY_SCHEMA, new Struct(JOB_KEY_SCHEMA).put("job_id", job.jobId()), JOB_SCHEMA, value,
                System.currentTimeMillis());
    }

    private Map<String, Object> offset(long row, State ended) {
        Map<String, Object> offset = new HashMap<>();
        offset.put(ROW, row);
        offset.put(STARTED, startedAt);
        if (ended != null) {
            offset.put(STATE, ended.name());
        }
        return offset;
    }

    private Struct rejected(CsvRow row, Struct key) {
        List<Struct> problems = new ArrayList<>();
        for (CsvRow.Problem problem : row.problems()) {
            problems.add(new Struct(RejectedRowContract.PROBLEM_SCHEMA)
                    .put("column", problem.column())
                    .put("expected", problem.expected())
                    .put("error_code", problem.code().name())
                    .put("observed", problem.observed())
                    .put("message", problem.message()));
        }
        return new Struct(RejectedRowContract.SCHEMA)
                .put("topic", dataTopic)
                .put("timestamp", uploadedAt.toEpochMilli())
                .put("key", json(Map.of(JOB_ID_FIELD, key.getString(JOB_ID_FIELD), ROW_FIELD, row.number())))
                .put("problems", problems)
                .put("payload", json(row.fields()))
                .put("job_id", job.jobId())
                .put("row_number", row.number())
                .put("event_id", row.eventId());
    }

    /** A model's row: its columns as the model types them, then the job, the row number and a version. */
    static Schema rowSchema(Model model) {
        SchemaBuilder builder = SchemaBuilder.struct().name("dev.cdcflow.batch." + model.table()).version(1);
        model.columns().forEach(column -> builder.field(column.name(), column.type().schema()));
        return builder.field(JOB_ID_FIELD, Schema.STRING_SCHEMA).field(ROW_FIELD, Schema.INT64_SCHEMA)
                .field(CdcColumns.VERSION, Schema.INT64_SCHEMA).build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }
}
