package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** The S3 server takes a bucket and a multipart upload, and gives the object back byte for byte. */
@LocalStackTest
class S3MultipartTest {

    private static final String BUCKET = "ground";
    private static final String KEY = "raw/ground/multipart.bin";
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    @Test
    void multipartObjectReadsBackByteIdentical(LocalStack stack) {
        S3Client s3 = stack.s3().client();
        stack.s3().createBucket(BUCKET);
        byte[] first = randomBytes(MIN_PART_SIZE, 1);
        byte[] second = randomBytes(123_457, 2);

        String uploadId = s3.createMultipartUpload(request -> request.bucket(BUCKET).key(KEY)).uploadId();
        String firstTag = s3.uploadPart(request -> request.bucket(BUCKET).key(KEY).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String secondTag = s3.uploadPart(request -> request.bucket(BUCKET).key(KEY).uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second)).eTag();
        String objectTag = s3.completeMultipartUpload(request -> request.bucket(BUCKET).key(KEY).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(
                        CompletedPart.builder().partNumber(1).eTag(firstTag).build(),
                        CompletedPart.builder().partNumber(2).eTag(secondTag).build()))).eTag();

        assertThat(objectTag).as("multipart ETag names its part count").endsWith("-2\"");
        assertThat(stack.s3().listKeys(BUCKET, "raw/")).isEqualTo(List.of(KEY));
        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(stack.s3().getObject(BUCKET, KEY)).isEqualTo(expected);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
