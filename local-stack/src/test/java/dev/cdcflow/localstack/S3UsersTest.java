package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 server's users outlive it, as MinIO's do: a stack resumed on a work folder (after a kill of the pipeline's
 * JVM, say) must know the sinks' users before their tasks, which Connect starts at once, make their first call.
 */
@Tag("integration")
class S3UsersTest {

    private static final String POLICY = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:ListBucket\"],"
            + " \"Resource\": [\"arn:aws:s3:::raw\"]}]}";

    @Test
    void aServerStartedAgainOnTheFolderKnowsItsUsersAtOnce(@TempDir Path dir) {
        try (S3Server first = S3Server.start(dir.resolve("s3"))) {
            first.createBucket("raw");
            first.addUser("sink-user", "sink-secret", S3Policy.parse("sink", POLICY));
        }
        try (S3Server again = S3Server.start(dir.resolve("s3"));
             S3Client sink = client(again, "sink-user", "sink-secret");
             S3Client stranger = client(again, "stranger", "stranger-secret")) {
            assertThat(sink.listObjectsV2(request -> request.bucket("raw")).contents()).isEmpty();
            assertThatThrownBy(() -> stranger.listObjectsV2(request -> request.bucket("raw")))
                    .isInstanceOf(S3Exception.class).hasMessageContaining("403");
        }
    }

    private static S3Client client(S3Server server, String accessKey, String secret) {
        return S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.of(S3Server.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
