package dev.cdcflow.s3;

import dev.cdcflow.common.config.EnumOption;
import dev.cdcflow.common.config.Validators;
import dev.cdcflow.s3.layout.PathFormat;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Every option of the S3 raw sink, declared once, with its documentation and validation. */
public final class S3SinkConfig extends AbstractConfig {

    private static final String GROUP_S3 = "S3";
    private static final String GROUP_LAYOUT = "Layout";
    private static final String GROUP_FORMAT = "Format";
    private static final String GROUP_FILES = "Files and memory";

    public static final String BUCKET_CONFIG = "s3.bucket";
    public static final String REGION_CONFIG = "s3.region";
    public static final String ENDPOINT_CONFIG = "s3.endpoint";
    public static final String PATH_STYLE_CONFIG = "s3.path.style.access";
    public static final String ACCESS_KEY_CONFIG = "s3.access.key.id";
    public static final String SECRET_KEY_CONFIG = "s3.secret.access.key";
    public static final String PART_SIZE_CONFIG = "s3.part.size";
    public static final String RETRY_BACKOFF_MS_CONFIG = "s3.retry.backoff.ms";
    public static final String UPLOAD_THREADS_CONFIG = "s3.upload.threads";
    public static final String PREFIX_CONFIG = "prefix";
    public static final String PATH_FORMAT_CONFIG = "path.format";
    public static final String TIMESTAMP_FIELD_CONFIG = "timestamp.field";
    public static final String TIMEZONE_CONFIG = "path.timezone";
    public static final String FORMAT_CONFIG = "format";
    public static final String AVRO_CODEC_CONFIG = "avro.codec";
    public static final String PARQUET_CODEC_CONFIG = "parquet.codec";
    public static final String ENVELOPE_CONFIG = "envelope";
    public static final String NULL_VALUES_CONFIG = "null.values";
    public static final String FLUSH_RECORDS_CONFIG = "flush.records";
    public static final String FLUSH_BYTES_CONFIG = "flush.bytes";
    public static final String FLUSH_SPAN_MS_CONFIG = "flush.span.ms";
    public static final String FLUSH_IDLE_MS_CONFIG = "flush.idle.ms";
    public static final String BUFFER_MAX_BYTES_CONFIG = "buffer.max.bytes";
    public static final String SPILL_DIR_CONFIG = "buffer.spill.dir";
    public static final String SPILL_MAX_BYTES_CONFIG = "buffer.spill.max.bytes";
    /** Set by the connector for each task: its number, which names its spill folder. */

    /** S3's smallest part of a multipart upload (all but the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BUCKET_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Bucket the objects go to; it must exist.", GROUP_S3, 1, Width.MEDIUM,
                    "Bucket")
            .define(REGION_CONFIG, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Region of the bucket (MinIO accepts any).", GROUP_S3, 2, Width.SHORT, "Region")
            .define(ENDPOINT_CONFIG, Type.STRING, "", endpointValidator(), Importance.MEDIUM,
                    "Endpoint of an S3-compatible server such as MinIO (http:// or https://); empty for AWS.",
                    GROUP_S3, 3, Width.LONG, "Endpoint")
            .define(PATH_STYLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Path-style requests (endpoint/bucket/key), as MinIO wants; false for virtual hosts.",
                    GROUP_S3, 4, Width.SHORT, "Path-style access")
            .define(ACCESS_KEY_CONFIG, Type.STRING, "", Importance.HIGH,
                    "Access key id; empty for the SDK's default credential chain (environment, profile, role).",
                    GROUP_S3, 5, Width.MEDIUM, "Access key id")
            .define(SECRET_KEY_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                    "Secret access key, with s3.access.key.id.", GROUP_S3, 6, Width.MEDIUM, "Secret access key")
            .define(PART_SIZE_CONFIG, Type.LONG, 8L * 1024 * 1024, Range.atLeast(MIN_PART_SIZE), Importance.LOW,
                    "Size of the parts of multipart uploads: an object larger than this is uploaded in parts, "
                            + "and a buffer that reaches it under memory pressure is uploaded as a part early. "
                            + "S3 needs at least 5 MiB.", GROUP_S3, 7, Width.SHORT, "Part size")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(0L), Importance.LOW,
                    "Wait before an upload that failed is tried again; meanwhile the task takes no new records. It "
                    + "doubles with each failure in a row, up to 16 times this value, and starts again after a "
                    + "success.",
                    GROUP_S3, 8, Width.SHORT, "Retry backoff")
            .define(UPLOAD_THREADS_CONFIG, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                    "Threads of each task that upload closed files while the task goes on writing.", GROUP_S3, 9,
                    Width.SHORT, "Upload threads")
            .define(PREFIX_CONFIG, Type.STRING, "topics", prefixValidator(), Importance.MEDIUM,
                    "First part of every key; empty for none.", GROUP_LAYOUT, 1, Width.MEDIUM, "Prefix")
            .define(PATH_FORMAT_CONFIG, Type.STRING, PathFormat.DEFAULT, pathFormatValidator(), Importance.MEDIUM,
                    "Folders between the prefix and the file name. Placeholders: " + PathFormat.PLACEHOLDERS
                            + "; the time ones come from the record (see timestamp.field), never the wall clock.",
                    GROUP_LAYOUT, 2, Width.LONG, "Path format")
            .define(TIMESTAMP_FIELD_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Field of the value (dots for nested fields, e.g. source.ts_ms) holding the record's time, as "
                            + "epoch milliseconds or a Connect Timestamp; empty: the Kafka record timestamp (which "
                            + "tombstones always use).",
                    GROUP_LAYOUT, 3, Width.MEDIUM, "Timestamp field")
            .define(TIMEZONE_CONFIG, Type.STRING, "UTC", timezoneValidator(), Importance.LOW,
                    "Time zone of the date and hour in paths.", GROUP_LAYOUT, 4, Width.SHORT, "Path time zone")
            .define(new ConfigDef.ConfigKey(FORMAT_CONFIG, Type.STRING, EnumOption.valueOf(FileFormat.AVRO),
                    EnumOption.validator(FileFormat.class), Importance.HIGH,
                    EnumOption.doc("Format of the objects:", FileFormat.class), GROUP_FORMAT, 1, Width.SHORT,
                    "Format", List.of(), EnumOption.recommender(FileFormat.class), false))
            .define(new ConfigDef.ConfigKey(AVRO_CODEC_CONFIG, Type.STRING, EnumOption.valueOf(AvroCodec.SNAPPY),
                    EnumOption.validator(AvroCodec.class), Importance.MEDIUM,
                    EnumOption.doc("Compression of Avro blocks:", AvroCodec.class), GROUP_FORMAT, 2, Width.SHORT,
                    "Avro codec", List.of(), EnumOption.recommender(AvroCodec.class), false))
            .define(new ConfigDef.ConfigKey(PARQUET_CODEC_CONFIG, Type.STRING,
                    EnumOption.valueOf(ParquetCodec.SNAPPY), EnumOption.validator(ParquetCodec.class),
                    Importance.MEDIUM, EnumOption.doc("Compression of Parquet pages:", ParquetCodec.class),
                    GROUP_FORMAT, 3, Width.SHORT, "Parquet codec", List.of(),
                    EnumOption.recommender(ParquetCodec.class), false))
            .define(ENVELOPE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Write each record as an envelope (topic, partition, offset, timestamp, key, value, headers) "
                            + "instead of its value alone.", GROUP_FORMAT, 4, Width.SHORT, "Envelope")
            .define(new ConfigDef.ConfigKey(NULL_VALUES_CONFIG, Type.STRING, EnumOption.valueOf(NullValueHandling.SKIP),
                    EnumOption.validator(NullValueHandling.class), Importance.MEDIUM,
                    EnumOption.doc("Records with a null value (tombstones):", NullValueHandling.class), GROUP_FORMAT,
                    5, Width.SHORT, "Null values", List.of(), EnumOption.recommender(NullValueHandling.class),
                    false))
            .define(FLUSH_RECORDS_CONFIG, Type.INT, 100_000, Range.atLeast(1), Importance.HIGH,
                    "Records of one partition after which its files close.", GROUP_FILES, 1, Width.SHORT,
                    "Records per file")
            .define(FLUSH_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024L), Importance.MEDIUM,
                    "Encoded bytes of one partition after which its files close.", GROUP_FILES, 2, Width.SHORT,
                    "Bytes per file")
            .define(FLUSH_SPAN_MS_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "Record-time span of one partition's files: a record this much later than the first one "
                            + "closes them (0 for no limit).", GROUP_FILES, 3, Width.SHORT, "Span per file")
            .define(FLUSH_IDLE_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "Wall-clock time without a new record after which a partition's files close, so that a quiet "
                            + "topic's last records reach S3 and get committed (0: never). The cut is recorded in S3 "
                            + "(prefix/_cdcflow/idle-cuts/), so a replay cuts there again.", GROUP_FILES, 4,
                    Width.SHORT, "Idle close")
            .define(BUFFER_MAX_BYTES_CONFIG, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1024L * 1024),
                    Importance.HIGH, "Heap for the bytes of open files, all partitions of a task together. When it "
                            + "is reached the largest buffers leave the heap: uploaded as a part when they reach "
                            + "s3.part.size, otherwise moved to buffer.spill.dir. Files still close only by the "
                            + "flush.* rules.", GROUP_FILES, 5, Width.SHORT, "Buffer cap")
            .define(SPILL_DIR_CONFIG, Type.STRING, "", Importance.LOW,
                    "Folder for buffers moved out of the heap (each task spills into a folder of its own there, "
                            + "cleared when it starts and removed when it stops); empty for the JVM's temporary "
                            + "folder.", GROUP_FILES, 6, Width.LONG, "Spill folder")
            .define(SPILL_MAX_BYTES_CONFIG, Type.LONG, 8L * 1024 * 1024 * 1024, Range.atLeast(0L), Importance.MEDIUM,
                    "Disk one task may spill to. When open files need more than buffer.max.bytes of heap plus "
                            + "this, the task waits for uploads to free space, and fails with an error that says so "
                            + "if none can.", GROUP_FILES, 7, Width.SHORT, "Spill cap");

    public S3SinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        String problem = nullValuesProblem(nullValues(), envelope());
        if (problem != null) {
            throw new ConfigException(NULL_VALUES_CONFIG, getString(NULL_VALUES_CONFIG), problem);
        }
    }

    /**
     * The rule that spans keys, for the connector's validation and this config alike: a null value can be written only
     * inside an envelope. Null when it holds.
     */
    static String nullValuesProblem(NullValueHandling nullValues, boolean envelope) {
        return nullValues == NullValueHandling.WRITE && !envelope
                ? "null values can only be written inside an envelope; set envelope=true, or use skip or fail" : null;
    }

    public String bucket() {
        return getString(BUCKET_CONFIG);
    }

    public String region() {
        return getString(REGION_CONFIG);
    }

    /** The endpoint override, or null for AWS. */
    public String endpoint() {
        String endpoint = getString(ENDPOINT_CONFIG);
        return endpoint.isBlank() ? null : endpoint;
    }

    public boolean pathStyleAccess() {
        return getBoolean(PATH_STYLE_CONFIG);
    }

    /** The access key id, or null for the default credential chain. */
    public String accessKeyId() {
        String key = getString(ACCESS_KEY_CONFIG);
        return key.isBlank() ? null : key;
    }

    public Password secretAccessKey() {
        return getPassword(SECRET_KEY_CONFIG);
    }

    public long partSize() {
        return getLong(PART_SIZE_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public int uploadThreads() {
        return getInt(UPLOAD_THREADS_CONFIG);
    }

    public String prefix() {
        return getString(PREFIX_CONFIG);
    }

    public PathFormat pathFormat() {
        return PathFormat.parse(getString(PATH_FORMAT_CONFIG), ZoneId.of(getString(TIMEZONE_CONFIG)));
    }

    /** The value field holding the record time, or null for the Kafka timestamp. */
    public String timestampField() {
        String field = getString(TIMESTAMP_FIELD_CONFIG);
        return field.isBlank() ? null : field;
    }

    public FileFormat format() {
        return EnumOption.parse(FileFormat.class, FORMAT_CONFIG, getString(FORMAT_CONFIG));
    }

    public AvroCodec avroCodec() {
        return EnumOption.parse(AvroCodec.class, AVRO_CODEC_CONFIG, getString(AVRO_CODEC_CONFIG));
    }

    public ParquetCodec parquetCodec() {
        return EnumOption.parse(ParquetCodec.class, PARQUET_CODEC_CONFIG, getString(PARQUET_CODEC_CONFIG));
    }

    public boolean envelope() {
        return getBoolean(ENVELOPE_CONFIG);
    }

    public NullValueHandling nullValues() {
        return EnumOption.parse(NullValueHandling.class, NULL_VALUES_CONFIG, getString(NULL_VALUES_CONFIG));
    }

    public int flushRecords() {
        return getInt(FLUSH_RECORDS_CONFIG);
    }

    public long flushBytes() {
        return getLong(FLUSH_BYTES_CONFIG);
    }

    public long flushSpanMs() {
        return getLong(FLUSH_SPAN_MS_CONFIG);
    }

    /** Wall-clock milliseconds without a record after which a partition's files close; 0 for never. */
    public long flushIdleMs() {
        return getLong(FLUSH_IDLE_MS_CONFIG);
    }

    public long bufferMaxBytes() {
        return getLong(BUFFER_MAX_BYTES_CONFIG);
    }

    public long spillMaxBytes() {
        return getLong(SPILL_MAX_BYTES_CONFIG);
    }

    /** The task's number among the connector's tasks (0 outside a connector). */

    public Path spillDir() {
        String dir = getString(SPILL_DIR_CONFIG);
        return Path.of(dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
    }

    private static ConfigDef.Validator endpointValidator() {
        return Validators.described("empty, or an http:// or https:// URL", (name, value) -> {
            String url = value == null ? "" : value.toString();
            if (!url.isBlank() && !url.matches("https?://[^/\\s]+/?")) {
                throw new ConfigException(name, value, "Use http://host:port or https://host:port");
            }
        });
    }

    private static ConfigDef.Validator prefixValidator() {
        return Validators.described("folders separated by '/', no leading or trailing '/'", (name, value) -> {
            String prefix = value == null ? "" : value.toString();
            if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
                throw new ConfigException(name, value, "Write the prefix without leading, trailing or double '/'");
            }
        });
    }

    private static ConfigDef.Validator pathFormatValidator() {
        return Validators.described("folders with placeholders", (name, value) -> {
            try {
                PathFormat.parse(value == null ? "" : value.toString(), ZoneId.of("UTC"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        });
    }

    private static ConfigDef.Validator timezoneValidator() {
        return Validators.described("a time zone id, e.g. UTC or Europe/Berlin", (name, value) -> {
            try {
                ZoneId.of(value == null ? "" : value.toString());
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, "Not a time zone id: " + e.getMessage());
            }
        });
    }
}
