package dev.cdcflow.s3.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.localstack.MinioInit;
import dev.cdcflow.localstack.StackSecrets;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every S3 call the sink makes (each public method of {@link S3Store}, the sink's only way to S3) is allowed by the
 * policy Compose's minio/init.sh gives the sink's MinIO user, under the sink's bucket and prefix; the local S3 server
 * enforces that policy as MinIO does, and refuses the same calls outside the prefix. A new S3 call in S3Store fails
 * here until it is exercised, and then until the policy allows it.
 */
@LocalStackTest
class ComposePolicyTest {

    private static final String BUCKET = "raw";
    private static final String PREFIX = "cdc/";

    @Test
    void everyCallOfTheSinkIsAllowedUnderItsPrefixAndRefusedElsewhere(LocalStack stack) {
        MinioInit.run(stack.s3(), MinioInit.composeDefaults());
        Set<String> exercised = new TreeSet<>();
        try (S3Store store = new S3Store(sinkUserClient(stack), BUCKET)) {
            exercise(store, PREFIX + "policy-check/", exercised);

            assertThatThrownBy(() -> store.putText("elsewhere/object", "x")).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("403");
            assertThatThrownBy(() -> store.keysAfter("", null)).isInstanceOf(ConnectException.class);
        }

        assertThat(stack.s3().access().denials()).as("calls refused to the sink's user")
                .filteredOn(denial -> denial.startsWith(MinioInit.S3_SINK_USER + " ")).hasSize(2);
        assertThat(exercised).as("every S3 call of S3Store is exercised above").isEqualTo(callsOfS3Store());
    }

    /** Each call the sink makes: objects whole and in parts, read back, listed, an upload given up. */
    private static void exercise(S3Store store, String folder, Set<String> exercised) {
        store.put(folder + "whole", RequestBody.fromString("whole"));
        store.putText(folder + "text", "42");
        assertThat(store.getText(folder + "text")).isEqualTo("42");
        assertThat(store.getText(folder + "missing")).isNull();
        assertThat(store.exists(folder + "text")).isTrue();
        assertThat(store.exists(folder + "missing")).isFalse();
        assertThat(store.keysAfter(folder, null)).containsExactly(folder + "text", folder + "whole");
        String upload = store.startMultipart(folder + "parts");
        String eTag = store.uploadPart(folder + "parts", upload, 1, RequestBody.fromString("in parts"));
        store.completeMultipart(folder + "parts", upload, List.of(eTag), false);
        assertThat(store.getText(folder + "parts")).isEqualTo("in parts");
        // Created only (an idle cut's batch): PutObject and CompleteMultipartUpload with If-None-Match.
        assertThat(store.put(folder + "whole", RequestBody.fromString("again"), true)).isFalse();
        String again = store.startMultipart(folder + "parts");
        String againTag = store.uploadPart(folder + "parts", again, 1, RequestBody.fromString("again"));
        assertThat(store.completeMultipart(folder + "parts", again, List.of(againTag), true)).isFalse();
        store.abortMultipart(folder + "parts", again);
        assertThat(store.getText(folder + "parts")).isEqualTo("in parts");
        String abandoned = store.startMultipart(folder + "abandoned");
        store.abortMultipart(folder + "abandoned", abandoned);
        exercised.addAll(List.of("put", "putText", "getText", "exists", "keysAfter", "startMultipart",
                "uploadPart", "completeMultipart", "abortMultipart"));
    }

    /** S3Store's public instance methods that call S3 (all but close). */
    private static Set<String> callsOfS3Store() {
        return Arrays.stream(S3Store.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers()))
                .map(Method::getName).filter(name -> !name.equals("close"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static S3Client sinkUserClient(LocalStack stack) {
        return S3Client.builder().endpointOverride(stack.s3().endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        MinioInit.S3_SINK_USER, StackSecrets.VALUES.get("S3_SECRET_KEY"))))
                .build();
    }
}
