package dev.cdcflow.pipeline.batch;

import dev.cdcflow.batchmodel.UploadLayout;
import dev.cdcflow.batchmodel.UploadStore;
import java.util.Map;

/**
 * Where the batch command finds the uploads bucket and ClickHouse, and as whom: from the environment
 * ({@link #ENDPOINT} and the names beside it; scripts/batch.sh sets them from a Compose {@code .env}), or from the
 * main command's running local stack ({@link RunningStack}).
 */
public record BatchSettings(UploadStore.Access s3, String prefix, String clickHouseUrl, String clickHouseUser,
                            String clickHousePassword, String database) {

    public static final String ENDPOINT = "BATCH_S3_ENDPOINT";
    static final String BUCKET = "BATCH_BUCKET";
    static final String PREFIX = "BATCH_S3_PREFIX";
    static final String REGION = "S3_REGION";
    static final String ACCESS_KEY = "BATCH_UPLOADER_ACCESS_KEY";
    static final String SECRET_KEY = "BATCH_UPLOADER_SECRET_KEY";
    static final String CLICKHOUSE_URL = "BATCH_CLICKHOUSE_URL";
    static final String CLICKHOUSE_USER = "BATCH_CLICKHOUSE_USER";
    static final String CLICKHOUSE_PASSWORD = "BATCH_CLICKHOUSE_PASSWORD";
    static final String DATABASE = "BATCH_CLICKHOUSE_DATABASE";

    /** The settings the environment gives, or null when it names no endpoint ({@link #ENDPOINT}). */
    public static BatchSettings fromEnvironment(Map<String, String> environment) {
        String endpoint = environment.get(ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        return new BatchSettings(new UploadStore.Access(environment.getOrDefault(BUCKET, "uploads"),
                environment.getOrDefault(REGION, "us-east-1"), endpoint, true, required(environment, ACCESS_KEY),
                required(environment, SECRET_KEY)), environment.getOrDefault(PREFIX, "batch"),
                required(environment, CLICKHOUSE_URL), environment.getOrDefault(CLICKHOUSE_USER, "default"),
                environment.getOrDefault(CLICKHOUSE_PASSWORD, ""), environment.getOrDefault(DATABASE, "batch"));
    }

    public UploadLayout layout() {
        return new UploadLayout(prefix);
    }

    /** The settings as environment variables, as {@link #fromEnvironment} reads them. */
    public Map<String, String> toEnvironment() {
        return Map.of(ENDPOINT, s3.endpoint(), BUCKET, s3.bucket(), PREFIX, prefix, REGION, s3.region(), ACCESS_KEY,
                s3.accessKeyId(), SECRET_KEY, s3.secretAccessKey(), CLICKHOUSE_URL, clickHouseUrl, CLICKHOUSE_USER,
                clickHouseUser, CLICKHOUSE_PASSWORD, clickHousePassword, DATABASE, database);
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (with " + ENDPOINT + " set, the batch command "
                    + "takes every setting from the environment)");
        }
        return value;
    }
}
