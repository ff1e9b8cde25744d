package dev.cdcflow.s3.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of an object arrive whole in S3 whichever way memory pressure moved them: parts, spill, or both. */
@LocalStackTest
class StagedObjectTest {

    private static final String BUCKET = "staging-test";
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    Path spillDir;

    @Test
    void inMemorySpilledAndPartUploadedBytesAllArriveInOrder(LocalStack stack) {
        stack.s3().createBucket(BUCKET);
        S3Store store = new S3Store(stack.s3().client(), BUCKET);
        byte[] data = new byte[13 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(data);

        assertThat(roundTrip(stack, store, "plain", data, new int[0])).isEqualTo(data);
        assertThat(roundTrip(stack, store, "spilled", data, new int[] {20_000, 40_000})).isEqualTo(data);
        assertThat(roundTrip(stack, store, "small-spilled", Arrays.copyOf(data, 30_000), new int[] {18_000}))
                .isEqualTo(Arrays.copyOf(data, 30_000));
        assertThat(roundTrip(stack, store, "parts-then-spill", data, new int[] {PART + 10, PART * 2 + 100,
                PART * 2 + 5000})).isEqualTo(data);
    }

    /** Writes {@code data} in small pieces, relieving memory after the given byte counts, then uploads. */
    private byte[] roundTrip(LocalStack stack, S3Store store, String key, byte[] data, int[] relieveAt) {
        MemoryBudget budget = new MemoryBudget(1024 * 1024, 64 * 1024);
        StagedObject staged = new StagedObject(key, store, budget, PART, spillDir, true);
        int next = 0;
        for (int offset = 0; offset < data.length; offset += 1000) {
            staged.write(data, offset, Math.min(1000, data.length - offset));
            if (next < relieveAt.length && offset + 1000 >= relieveAt[next]) {
                staged.relieve();
                next++;
            }
        }
        staged.close();
        assertThat(staged.upload()).isTrue();
        assertThat(budget.used()).isZero();
        return stack.s3().getObject(BUCKET, key);
    }
}
