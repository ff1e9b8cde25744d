package dev.cdcflow.batch;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Batch upload jobs: CSV files uploaded to S3 under a model's folder, each read once into typed rows, rejected rows
 * with their reasons, and the job's state. See {@link BatchUploadConfig} for every option and docs/batch.md for the
 * whole flow.
 */
public class BatchUploadSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new BatchUploadConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return BatchUploadSourceTask.class;
    }

    /** Each task reads the jobs whose upload key hashes to its index: no two tasks read one file. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks, task -> Map.of(
                BatchUploadSourceTask.TASK_INDEX, Integer.toString(task),
                BatchUploadSourceTask.TASK_COUNT, Integer.toString(maxTasks)));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return BatchUploadConfig.CONFIG_DEF;
    }

    /**
     * Each poll's records and their offsets commit atomically on a worker with exactly.once.source.support=enabled:
     * then every row and rejected row is in Kafka once. Elsewhere a restart may send the rows since the last offset
     * commit again (with the same keys).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Offsets may be reset (a job read again from its start) or set: partitions are {"object": "<key>"}, offsets
     * {"row": n >= 0, "started": epoch ms}, with "state" once the job's file was read.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            if (!(entry.getKey().get(JobRecords.OBJECT) instanceof String)) {
                throw new ConnectException("A batch upload partition is {\"object\": \"<key>\"}, not "
                        + entry.getKey());
            }
            Map<String, ?> offset = entry.getValue();
            if (offset != null && !(offset.get(JobRecords.ROW) instanceof Number row && row.longValue() >= 0
                    && offset.get(JobRecords.STARTED) instanceof Number)) {
                throw new ConnectException("A batch upload offset is {\"row\": <n >= 0>, \"started\": <epoch ms>}, "
                        + "not " + offset);
            }
        }
        return true;
    }
}
