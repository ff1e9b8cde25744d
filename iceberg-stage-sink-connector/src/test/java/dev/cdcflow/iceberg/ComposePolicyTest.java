package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.localstack.MinioInit;
import dev.cdcflow.localstack.StackSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.InputFile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 calls the stage makes through Iceberg's S3FileIO, configured as the stage configures it (write whole and
 * in parts, check, read, delete one and in batches), are allowed by the policy Compose's minio/init.sh gives the
 * stage's MinIO user in its warehouse, and refused outside it; the local S3 server enforces the policy as MinIO does.
 * A whole pipeline under the policy: StorefrontPipelineTest.
 */
@LocalStackTest
class ComposePolicyTest {

    private static final String WAREHOUSE = "s3://lakehouse/stage";

    @Test
    void s3FileIoCallsAreAllowedInTheWarehouseAndRefusedElsewhere(LocalStack stack) throws IOException {
        MinioInit.run(stack.s3(), MinioInit.composeDefaults());
        Map<String, String> config = new HashMap<>(StageFixtures.catalogConfig(stack, "policy"));
        config.put(IcebergStageConfig.S3_ACCESS_KEY_CONFIG, MinioInit.ICEBERG_S3_USER);
        config.put(IcebergStageConfig.S3_SECRET_KEY_CONFIG, StackSecrets.VALUES.get("ICEBERG_S3_SECRET_KEY"));
        config.put(IcebergStageConfig.WAREHOUSE_CONFIG, WAREHOUSE);
        Map<String, String> properties = new HashMap<>(StageCatalog.properties(new IcebergStageConfig(config)));
        // Parts of the smallest size S3 takes, so a 12 MiB file goes up in three.
        properties.put(S3FileIOProperties.MULTIPART_SIZE, Integer.toString(S3FileIOProperties.MULTIPART_SIZE_MIN));
        properties.put(S3FileIOProperties.MULTIPART_THRESHOLD_FACTOR, "1");
        byte[] large = new byte[12 * 1024 * 1024];
        new Random(3).nextBytes(large);

        try (S3FileIO io = new S3FileIO()) {
            io.initialize(properties);
            String folder = WAREHOUSE + "/policy-check/";
            write(io, folder + "small.parquet", "small".getBytes());
            write(io, folder + "large.parquet", large);
            InputFile read = io.newInputFile(folder + "large.parquet");
            assertThat(read.exists()).isTrue();
            assertThat(read.getLength()).isEqualTo(large.length);
            try (InputStream in = read.newStream()) {
                assertThat(in.readAllBytes()).isEqualTo(large);
            }
            io.deleteFile(folder + "small.parquet");
            io.deleteFiles(List.of(folder + "large.parquet"));
            assertThat(io.newInputFile(folder + "large.parquet").exists()).isFalse();

            assertThatThrownBy(() -> write(io, "s3://lakehouse/elsewhere/x.parquet", "x".getBytes()))
                    .hasMessageContaining("403");
        }

        assertThat(stack.s3().access().denials()).as("calls refused to the stage's user")
                .filteredOn(denial -> denial.startsWith(MinioInit.ICEBERG_S3_USER + " ")).isNotEmpty()
                .allSatisfy(denial -> assertThat(denial).contains("arn:aws:s3:::lakehouse/elsewhere/"));
        assertThat(stack.s3().access().allowedActions().get(MinioInit.ICEBERG_S3_USER))
                .contains("s3:PutObject", "s3:GetObject", "s3:DeleteObject");
    }

    /**
     * The user the docs' icebergS3 queries name may read the stage tables (get, list under the warehouse) and
     * nothing more.
     */
    @Test
    void theLakehouseReaderReadsTheStageAndNothingElse(LocalStack stack) throws IOException {
        MinioInit.run(stack.s3(), MinioInit.composeDefaults());
        stack.s3().putObject("lakehouse", "stage/reader-check/metadata/v1.metadata.json", "{}".getBytes());
        try (S3Client reader = S3Client.builder().endpointOverride(stack.s3().endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        MinioInit.LAKEHOUSE_READER, MinioInit.LAKEHOUSE_READER_SECRET))).build()) {
            assertThat(reader.listObjectsV2(request -> request.bucket("lakehouse").prefix("stage/reader-check/"))
                    .contents()).hasSize(1);
            assertThat(reader.getObjectAsBytes(request -> request.bucket("lakehouse")
                    .key("stage/reader-check/metadata/v1.metadata.json")).asUtf8String()).isEqualTo("{}");
            assertThatThrownBy(() -> reader.putObject(request -> request.bucket("lakehouse")
                    .key("stage/reader-check/x"), RequestBody.fromString("x"))).hasMessageContaining("403");
        }
        for (String doc : List.of("README.md", "docs/iceberg-stage.md")) {
            String text = Files.readString(LocalStack.repositoryDir().resolve(doc));
            String query = text.substring(text.indexOf("icebergS3('"), text.indexOf(")", text.indexOf("icebergS3('")));
            assertThat(query).as(doc + "'s icebergS3 query").containsPattern("LAKEHOUSE_READER|"
                    + MinioInit.LAKEHOUSE_READER);
        }
    }

    private static void write(S3FileIO io, String location, byte[] bytes) throws IOException {
        try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
            out.write(bytes);
        }
    }
}
