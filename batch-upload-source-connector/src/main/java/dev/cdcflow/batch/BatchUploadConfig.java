package dev.cdcflow.batch;

import dev.cdcflow.batchmodel.UploadLayout;
import dev.cdcflow.batchmodel.UploadStore;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The batch upload source's options: where the uploads are, where their rows go, how often to look. */
public final class BatchUploadConfig extends AbstractConfig {

    public static final String S3_BUCKET_CONFIG = "s3.bucket";
    public static final String S3_PREFIX_CONFIG = "s3.prefix";
    public static final String S3_ENDPOINT_CONFIG = "s3.endpoint";
    public static final String S3_REGION_CONFIG = "s3.region";
    public static final String S3_PATH_STYLE_CONFIG = "s3.path.style.access";
    public static final String S3_ACCESS_KEY_CONFIG = "s3.access.key.id";
    public static final String S3_SECRET_KEY_CONFIG = "s3.secret.access.key";
    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    public static final String BATCH_MAX_ROWS_CONFIG = "batch.max.rows";
    public static final String MAX_ROW_CHARS_CONFIG = "max.row.chars";

    private static final String GROUP_S3 = "Uploads (S3)";
    private static final String GROUP_OUTPUT = "Output";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(S3_BUCKET_CONFIG, Type.STRING, "uploads", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The bucket of the models (models/<model_id>.json) and the uploads, one job each "
                            + "(jobs/<model_id>/<job_id>.csv).", GROUP_S3, 1, Width.MEDIUM, "Bucket")
            .define(S3_PREFIX_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "A folder of the bucket the models and jobs are under, e.g. batch/; empty for the bucket's top.",
                    GROUP_S3, 2, Width.MEDIUM, "Prefix")
            .define(S3_ENDPOINT_CONFIG, Type.STRING, "", Importance.HIGH,
                    "The S3 endpoint, e.g. http://minio:9000; empty for AWS.", GROUP_S3, 3, Width.LONG, "Endpoint")
            .define(S3_REGION_CONFIG, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The S3 region.", GROUP_S3, 4, Width.SHORT, "Region")
            .define(S3_PATH_STYLE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Path-style requests (endpoint/bucket/key), as MinIO wants.", GROUP_S3, 5, Width.SHORT,
                    "Path style")
            .define(S3_ACCESS_KEY_CONFIG, Type.STRING, "", Importance.HIGH,
                    "The S3 access key; empty for the SDK's default credentials.", GROUP_S3, 6, Width.MEDIUM,
                    "Access key")
            .define(S3_SECRET_KEY_CONFIG, Type.PASSWORD, "", Importance.HIGH, "The S3 secret key.", GROUP_S3, 7,
                    Width.MEDIUM, "Secret key")
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, "batch.", Importance.HIGH,
                    "The prefix of the topics written: <prefix>data_<model_id> (a model's valid rows), "
                            + "<prefix>rejected (rows that do not fit their model, as rejected-row records) and "
                            + "<prefix>jobs (each job's state). A ClickHouse sink on these topics makes the tables "
                            + "data_<model_id>, rejected_rows and jobs.", GROUP_OUTPUT, 1, Width.MEDIUM,
                    "Topic prefix")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, ConfigDef.Range.atLeast(100), Importance.MEDIUM,
                    "How often a task with no job to read lists the uploads for new ones.", GROUP_OUTPUT, 2,
                    Width.SHORT, "Poll interval (ms)")
            .define(BATCH_MAX_ROWS_CONFIG, Type.INT, 2_000, ConfigDef.Range.between(1, 1_000_000),
                    Importance.LOW, "The most rows one poll returns to the worker.", GROUP_OUTPUT, 3, Width.SHORT,
                    "Rows per poll")
            .define(MAX_ROW_CHARS_CONFIG, Type.INT, 100_000, ConfigDef.Range.between(1_000, 50_000_000),
                    Importance.LOW, "The longest row (in characters, the header too) a job's file may have. A file "
                            + "with a longer row, or with a quote never closed, fails its job there instead of "
                            + "being read into memory to its end. The default keeps a row's Kafka record under the "
                            + "producer's default 1 MB request size.", GROUP_OUTPUT, 4, Width.SHORT,
                    "Longest row (characters)");

    public BatchUploadConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public UploadStore.Access access() {
        return new UploadStore.Access(getString(S3_BUCKET_CONFIG), getString(S3_REGION_CONFIG),
                getString(S3_ENDPOINT_CONFIG), getBoolean(S3_PATH_STYLE_CONFIG), getString(S3_ACCESS_KEY_CONFIG),
                getPassword(S3_SECRET_KEY_CONFIG).value());
    }

    public UploadLayout layout() {
        return new UploadLayout(getString(S3_PREFIX_CONFIG));
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS_CONFIG);
    }

    public int maxRowChars() {
        return getInt(MAX_ROW_CHARS_CONFIG);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS_CONFIG);
    }
}
