package dev.cdcflow.s3.stage;

import dev.cdcflow.s3.S3SinkConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 calls of the sink (whole objects and multipart uploads) through the AWS SDK v2. Failures that can pass
 * (the server unreachable, throttling, 5xx) become {@link RetriableException}; others (no such bucket, access
 * denied) stop the task with S3's message.
 */
public final class S3Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int NOT_IMPLEMENTED = 501;

    private final S3Client client;
    private final String bucket;
    /** Until the server says it has none. */
    private volatile boolean conditionalWrites = true;

    public S3Store(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    public static S3Store create(S3SinkConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyleAccess())
                .httpClientBuilder(Apache5HttpClient.builder());
        if (config.endpoint() != null) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        builder.credentialsProvider(config.accessKeyId() == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(),
                        config.secretAccessKey().value())));
        return new S3Store(builder.build(), config.bucket());
    }

    public void put(String key, RequestBody body) {
        put(key, body, false);
    }

    /**
     * Stores an object; created only ({@code If-None-Match: *}, which AWS S3, MinIO and s3proxy honour), it leaves
     * an object already under the key alone.
     *
     * @return false when, created only, another object was under the key
     */
    public boolean put(String key, RequestBody body, boolean createOnly) {
        return conditional("PUT " + key, createOnly, condition -> client.putObject(request -> request
                .bucket(bucket).key(key).ifNoneMatch(condition), body));
    }

    /** Whether an object is stored under {@code key} (a HEAD request). */
    public boolean exists(String key) {
        try {
            call("HEAD " + key, () -> client.headObject(request -> request.bucket(bucket).key(key)));
            return true;
        } catch (ConnectException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof S3Exception s3 && s3.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public void putText(String key, String text) {
        put(key, RequestBody.fromString(text, StandardCharsets.UTF_8));
    }

    /** A small text object, or null when there is none under {@code key}. */
    public String getText(String key) {
        try {
            return call("GET " + key, () -> client.getObjectAsBytes(request -> request.bucket(bucket).key(key))
                    .asString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return null;
            }
            throw e;
        }
    }

    /** The keys under {@code prefix} that sort after {@code startAfter} (null: all), in order. */
    public List<String> keysAfter(String prefix, String startAfter) {
        List<String> keys = new ArrayList<>();
        call("LIST " + prefix, () -> {
            client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix).startAfter(startAfter))
                    .contents().forEach(object -> keys.add(object.key()));
            return keys;
        });
        return keys;
    }

    public String startMultipart(String key) {
        return call("start multipart upload of " + key,
                () -> client.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId());
    }

    /** Uploads part {@code number} (from 1) and returns its ETag. */
    public String uploadPart(String key, String uploadId, int number, RequestBody body) {
        return call("upload part " + number + " of " + key, () -> client.uploadPart(request -> request
                .bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body).eTag());
    }

    /**
     * Completes a multipart upload; created only, it leaves an object already under the key alone.
     *
     * @return false when, created only, another object was under the key (the upload is then still open)
     */
    public boolean completeMultipart(String key, String uploadId, List<String> eTags, boolean createOnly) {
        CompletedPart[] parts = new CompletedPart[eTags.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = CompletedPart.builder().partNumber(i + 1).eTag(eTags.get(i)).build();
        }
        return conditional("complete multipart upload of " + key, createOnly,
                condition -> client.completeMultipartUpload(request -> request.bucket(bucket).key(key)
                        .uploadId(uploadId).ifNoneMatch(condition).multipartUpload(upload -> upload.parts(parts))));
    }

    /** Aborts an upload, best effort: a leftover is invisible and a bucket lifecycle rule removes it. */
    public void abortMultipart(String key, String uploadId) {
        try {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // Nothing depends on it.
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * A write given its {@code If-None-Match} value (null: none). Created only, it reports an object already under
     * its key (HTTP 412) instead of failing; a server without conditional writes (HTTP 501) gets the plain write,
     * with a warning, as before they existed.
     */
    private boolean conditional(String what, boolean createOnly, Function<String, ?> request) {
        if (!createOnly || !conditionalWrites) {
            call(what, () -> request.apply(null));
            return true;
        }
        try {
            call(what, () -> request.apply("*"));
            return true;
        } catch (ConnectException e) {
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == PRECONDITION_FAILED) {
                return false;
            }
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == NOT_IMPLEMENTED) {
                conditionalWrites = false;
                LOG.warn("The S3 server does not take conditional writes (If-None-Match): a task that lost its "
                        + "partition while it went idle may replace the new owner's object ({})", what);
                call(what, () -> request.apply(null));
                return true;
            }
            throw e;
        }
    }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            // 409 ConditionalRequestConflict: AWS S3 asks to retry a conditional write that met another in flight.
            if (e.statusCode() >= 500 || e.statusCode() == 429 || e.isThrottlingException()
                    || e.statusCode() == CONFLICT && "ConditionalRequestConflict".equals(errorCode(e))) {
                throw new RetriableException("S3 failed transiently during " + what + ": " + e.getMessage(), e);
            }
            throw new ConnectException("S3 refused " + what + " in bucket " + bucket + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                    + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkClientException e) {
            throw new RetriableException("S3 could not be reached during " + what + ": " + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
