package dev.cdcflow.batchmodel;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The bucket of models and uploads, through the AWS SDK v2. Failures surface as the SDK's exceptions. */
public final class UploadStore implements AutoCloseable {

    /** An object as a listing shows it. */
    public record Upload(String key, long size, Instant lastModified) {
    }

    /** How to reach the bucket; a null endpoint is AWS, a null access key the SDK's default credentials. */
    public record Access(String bucket, String region, String endpoint, boolean pathStyle, String accessKeyId,
                         String secretAccessKey) {
    }

    private final S3Client client;
    private final String bucket;

    public UploadStore(Access access) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(access.region()))
                .forcePathStyle(access.pathStyle())
                .httpClientBuilder(Apache5HttpClient.builder());
        if (access.endpoint() != null && !access.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(access.endpoint()));
        }
        builder.credentialsProvider(access.accessKeyId() == null || access.accessKeyId().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(access.accessKeyId(),
                        access.secretAccessKey())));
        this.client = builder.build();
        this.bucket = access.bucket();
    }

    /** Every object under {@code prefix}, in key order. */
    public List<Upload> list(String prefix) {
        List<Upload> uploads = new ArrayList<>();
        client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()
                .forEach(object -> uploads.add(new Upload(object.key(), object.size(), object.lastModified())));
        return uploads;
    }

    /** A small text object, or null when there is none under {@code key}. */
    public String getText(String key) {
        try {
            return client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** The object's content from byte {@code from}, streamed: the caller closes it. */
    public InputStream open(String key, long from) {
        return client.getObject(request -> {
            request.bucket(bucket).key(key);
            if (from > 0) {
                request.range("bytes=" + from + "-");
            }
        });
    }

    public void putText(String key, String text) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(text,
                StandardCharsets.UTF_8));
    }

    public void putFile(String key, Path file) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    @Override
    public void close() {
        client.close();
    }
}
