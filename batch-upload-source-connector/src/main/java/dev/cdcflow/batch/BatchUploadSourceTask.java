package dev.cdcflow.batch;

import dev.cdcflow.batch.JobRecords.State;
import dev.cdcflow.batch.read.CsvJobReader;
import dev.cdcflow.batch.read.CsvRow;
import dev.cdcflow.batch.read.JobFileException;
import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelJson;
import dev.cdcflow.batchmodel.UploadLayout;
import dev.cdcflow.batchmodel.UploadLayout.JobFile;
import dev.cdcflow.batchmodel.UploadStore;
import dev.cdcflow.batchmodel.UploadStore.Upload;
import dev.cdcflow.common.Backoff;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.metrics.TaskGauges;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads the jobs this task owns (by a hash of the upload's key), one at a time, oldest upload first: the job's state
 * when it starts, its rows ({@code batch.max.rows} per poll), and its state when the file is read or cannot be. A
 * job resumes at the row after the last one whose offset the worker committed. S3 being away is waited out; a file
 * that is not a CSV of its model fails its job, never the task.
 */
public class BatchUploadSourceTask extends SourceTask {

    static final String TASK_INDEX = "batch.task.index";
    static final String TASK_COUNT = "batch.task.count";
    private static final Logger LOG = LoggerFactory.getLogger(BatchUploadSourceTask.class);
    private static final long MAX_SLEEP_MS = 500;

    /** A job found in a listing, with where its file was left. */
    private record Pending(JobFile file, Upload upload, long rowsDone, Long startedAt) {
    }

    /** The job being read. */
    private record OpenJob(JobFile file, CsvJobReader reader, JobRecords records) {
    }

    private BatchUploadConfig config;
    private UploadStore store;
    private UploadLayout layout;
    private int taskIndex;
    private int taskCount;
    private String name;
    private final Set<String> finished = new HashSet<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private OpenJob current;
    private long nextListingAt;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
    private volatile boolean stopping;
    private final BatchMetrics metrics = new BatchMetrics();
    private TaskGauges gauges;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new BatchUploadConfig(props);
        store = new UploadStore(config.access());
        layout = config.layout();
        taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        taskCount = Integer.parseInt(props.getOrDefault(TASK_COUNT, "1"));
        String connector = TaskConfigs.connectorName(props, "batch-upload");
        name = "Task " + TaskConfigs.taskNumber(props) + " of " + connector;
        gauges = TaskGauges.open(context, "BatchUploadSourceTask", connector, TaskConfigs.taskNumber(props));
        metrics.register(gauges);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        try {
            List<SourceRecord> records = current == null ? startNextJob() : readRows();
            backoff.reset();
            if (records == null) {
                sleepUntil(nextListingAt);
            }
            return records;
        } catch (SdkException | IOException e) {
            if (stopping) {
                return null;
            }
            long waitMs = backoff.nextMs();
            LOG.warn("{}: S3 failed ({}); trying again in {} ms", name, e.getMessage(), waitMs);
            // The job is opened again from its offsets: rows already sent come again, their keys the same.
            closeCurrent();
            pending.clear();
            nextListingAt = 0;
            sleepUntil(System.currentTimeMillis() + waitMs);
            return null;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        closeCurrent();
        if (store != null) {
            store.close();
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    private List<SourceRecord> startNextJob() throws IOException {
        if (pending.isEmpty() && System.currentTimeMillis() >= nextListingAt) {
            listJobs();
        }
        Pending job = pending.poll();
        if (job == null) {
            return null;
        }
        long startedAt = job.startedAt() != null ? job.startedAt() : System.currentTimeMillis();
        String modelText = store.getText(layout.modelKey(job.file().modelId()));
        Model model;
        try {
            model = modelText == null ? null : ModelJson.read(modelText);
        } catch (IllegalArgumentException e) {
            return List.of(fail(job, null, startedAt, "Model " + job.file().modelId() + " cannot be read: "
                    + e.getMessage()));
        }
        if (model == null) {
            return List.of(fail(job, null, startedAt, "Unknown model '" + job.file().modelId() + "': there is no "
                    + layout.modelKey(job.file().modelId())));
        }
        JobRecords records = new JobRecords(job.file(), model, job.upload().lastModified(), startedAt,
                config.topicPrefix());
        CsvJobReader reader = null;
        try {
            reader = CsvJobReader.open(store.open(job.file().key(), 0), model, config.maxRowChars());
            for (long row = 0; row < job.rowsDone(); row++) {
                if (reader.next() == null) {
                    break;
                }
            }
        } catch (JobFileException e) {
            // A stop closes the stream under the reader: that is no fault of the file, the next owner reads it.
            return stopping ? null : List.of(fail(job, model, startedAt, e.getMessage()));
        } catch (IOException e) {
            // The download broke while the rows already sent were skipped: poll() waits and opens the job again.
            if (reader != null) {
                reader.close();
            }
            throw e;
        }
        current = new OpenJob(job.file(), reader, records);
        LOG.info("{}: reading job {} of model {} ({}){}", name, job.file().jobId(), model.id(), job.file().key(),
                job.rowsDone() == 0 ? "" : " from row " + (job.rowsDone() + 1));
        return List.of(records.state(State.PROCESSING, job.rowsDone(), null));
    }

    private List<SourceRecord> readRows() throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try {
            while (records.size() < config.batchMaxRows() && !stopping) {
                CsvRow row = current.reader().next();
                if (row == null) {
                    records.add(current.records().state(State.READ, current.reader().rowsRead(), null));
                    metrics.jobRead();
                    LOG.info("{}: job {} read, {} rows", name, current.file().jobId(), current.reader().rowsRead());
                    finish();
                    break;
                }
                records.add(current.records().row(row));
                metrics.row(row.valid());
            }
        } catch (JobFileException e) {
            if (stopping) {
                // The stream was closed by stop(), not broken: the rows read so far go out, the rest come later.
                return records;
            }
            LOG.warn("{}: job {} failed after {} rows: {}", name, current.file().jobId(),
                    current.reader().rowsRead(), e.getMessage());
            records.add(current.records().state(State.FAILED, current.reader().rowsRead(), e.getMessage()));
            metrics.jobFailed();
            finish();
        }
        return records;
    }

    private SourceRecord fail(Pending job, Model model, long startedAt, String reason) {
        LOG.warn("{}: job {} failed: {}", name, job.file().jobId(), reason);
        metrics.jobFailed();
        finished.add(job.file().key());
        return new JobRecords(job.file(), model, job.upload().lastModified(), startedAt, config.topicPrefix())
                .state(State.FAILED, 0, reason);
    }

    private void finish() throws IOException {
        finished.add(current.file().key());
        current.reader().close();
        current = null;
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.reader().close();
            } catch (IOException e) {
                LOG.debug("Closing the reader of {} failed", current.file().key(), e);
            }
            current = null;
        }
    }

    /** The jobs of this task not read yet, oldest upload first, with where each was left. */
    private void listJobs() {
        nextListingAt = System.currentTimeMillis() + config.pollIntervalMs();
        List<JobFile> files = new ArrayList<>();
        Map<String, Upload> uploads = new HashMap<>();
        for (Upload upload : store.list(layout.jobsPrefix())) {
            JobFile file = layout.job(upload.key());
            if (file != null && !finished.contains(file.key()) && owns(file)) {
                files.add(file);
                uploads.put(file.key(), upload);
            }
        }
        if (files.isEmpty()) {
            return;
        }
        Map<Map<String, String>, Map<String, Object>> offsets = context.offsetStorageReader()
                .offsets(files.stream().map(file -> JobRecords.sourcePartition(file.key())).toList());
        files.sort(Comparator.comparing((JobFile file) -> uploads.get(file.key()).lastModified())
                .thenComparing(JobFile::key));
        for (JobFile file : files) {
            Map<String, Object> offset = offsets.get(JobRecords.sourcePartition(file.key()));
            if (offset != null && offset.get(JobRecords.STATE) != null) {
                finished.add(file.key());
                continue;
            }
            long rowsDone = offset == null ? 0 : ((Number) offset.get(JobRecords.ROW)).longValue();
            Long startedAt = offset == null ? null : ((Number) offset.get(JobRecords.STARTED)).longValue();
            pending.add(new Pending(file, uploads.get(file.key()), rowsDone, startedAt));
        }
    }

    private boolean owns(JobFile file) {
        return Math.floorMod(file.key().hashCode(), taskCount) == taskIndex;
    }

    private void sleepUntil(long at) throws InterruptedException {
        long now = System.currentTimeMillis();
        while (!stopping && now < at) {
            Thread.sleep(Math.min(MAX_SLEEP_MS, at - now));
            now = System.currentTimeMillis();
        }
    }
}
