package dev.cdcflow.s3.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of an object arrive whole in S3 whichever way memory pressure moved them: parts, spill, or both; the
 * spill space is bounded, cleared and removed with its task, and a spill failure says which setting to change.
 */
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

    /**
     * Created only, an object leaves the one another attempt put under its key first, sent whole or in parts (the
     * multipart upload then given up); without it, it replaces it.
     */
    @Test
    void createdOnlyAnObjectLeavesTheOneAlreadyUnderItsKey(LocalStack stack) {
        stack.s3().createBucket(BUCKET);
        S3Store store = new S3Store(stack.s3().client(), BUCKET);
        byte[] first = "written first by the partition's new owner".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[PART * 2 + 100];
        new Random(11).nextBytes(large);
        for (String key : new String[] {"whole", "in-parts"}) {
            stack.s3().putObject(BUCKET, "create-only/" + key, first);
        }

        assertThat(upload(store, "create-only/whole", new byte[1000], true)).isFalse();
        assertThat(upload(store, "create-only/in-parts", large, true)).isFalse();
        assertThat(upload(store, "create-only/new", large, true)).isTrue();

        assertThat(stack.s3().getObject(BUCKET, "create-only/whole")).isEqualTo(first);
        assertThat(stack.s3().getObject(BUCKET, "create-only/in-parts")).isEqualTo(first);
        assertThat(stack.s3().getObject(BUCKET, "create-only/new")).isEqualTo(large);
        assertThat(upload(store, "create-only/whole", large, false)).isTrue();
        assertThat(stack.s3().getObject(BUCKET, "create-only/whole")).isEqualTo(large);
    }

    private boolean upload(S3Store store, String key, byte[] data, boolean createOnly) {
        MemoryBudget budget = new MemoryBudget(1024 * 1024, 64 * 1024);
        StagedObject staged = new StagedObject(key, store, budget, PART, new SpillSpace(spillDir, "create-only",
                Long.MAX_VALUE), true);
        if (createOnly) {
            staged.createOnly();
        }
        for (int offset = 0; offset < data.length; offset += 1000) {
            staged.write(data, offset, Math.min(1000, data.length - offset));
            if (budget.exceeded()) {
                staged.relieve();
            }
        }
        staged.close();
        boolean created = staged.upload();
        assertThat(budget.used()).isZero();
        return created;
    }

    /** Writes {@code data} in small pieces, relieving memory after the given byte counts, then uploads. */
    private byte[] roundTrip(LocalStack stack, S3Store store, String key, byte[] data, int[] relieveAt) {
        MemoryBudget budget = new MemoryBudget(1024 * 1024, 64 * 1024);
        StagedObject staged = new StagedObject(key, store, budget, PART, new SpillSpace(spillDir, "test",
                Long.MAX_VALUE), true);
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

    @Test
    void spillingStopsAtTheTasksLimitAndItsFilesGoWithTheObject(LocalStack stack) throws IOException {
        stack.s3().createBucket(BUCKET);
        S3Store store = new S3Store(stack.s3().client(), BUCKET);
        SpillSpace space = new SpillSpace(spillDir, "limited", 50_000);
        MemoryBudget budget = new MemoryBudget(1024 * 1024, 64 * 1024);
        StagedObject staged = new StagedObject("limited", store, budget, PART, space, false);
        byte[] piece = new byte[1000];
        for (int i = 0; i < 40; i++) {
            staged.write(piece, 0, piece.length);
        }
        assertThat(staged.relieve()).as("40,000 bytes fit the 50,000 of the space").isTrue();
        assertThat(space.used()).isEqualTo(40_000);
        assertThat(staged.heapBytes()).isZero();
        for (int i = 0; i < 10; i++) {
            staged.write(piece, 0, piece.length);
        }
        assertThatThrownBy(() -> staged.write(piece, 0, piece.length)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("buffer.spill.max.bytes=50000").hasMessageContaining("limited");
        staged.abort();
        assertThat(space.used()).isZero();
        try (Stream<Path> files = Files.list(space.folder())) {
            assertThat(files).isEmpty();
        }

        StagedObject onHeap = new StagedObject("on-heap", store, budget, PART, space, false);
        onHeap.write(new byte[60_000], 0, 60_000);
        assertThat(onHeap.relieve()).as("more than the space: the bytes stay on the heap").isFalse();
        assertThat(onHeap.heapBytes()).isEqualTo(60_000);
        onHeap.abort();
    }

    @Test
    void aTaskClearsWhatACrashLeftInItsFolderAndRemovesItWhenItStops() throws IOException {
        SpillSpace space = new SpillSpace(spillDir, "my connector/0", Long.MAX_VALUE);
        assertThat(space.folder().getFileName().toString()).isEqualTo("cdcflow-s3-my_connector_0");
        Files.createDirectories(space.folder());
        Files.writeString(space.folder().resolve("spill-left-by-a-crash.part"), "bytes");

        space.clear();
        assertThat(space.folder()).doesNotExist();
        Files.createDirectories(space.folder());
        Files.writeString(space.folder().resolve("spill-1.part"), "bytes");
        space.remove();
        assertThat(space.folder()).doesNotExist();
    }

    @Test
    void aSpillFolderThatCannotBeWrittenFailsNamingTheSettingAndTheDiskFullHint() throws IOException {
        Path notAFolder = Files.writeString(spillDir.resolve("a-file"), "x");
        SpillSpace space = new SpillSpace(notAFolder, "task", Long.MAX_VALUE);
        MemoryBudget budget = new MemoryBudget(1024 * 1024, 64 * 1024);
        StagedObject staged = new StagedObject("unwritable", null, budget, PART, space, false);
        staged.write(new byte[1000], 0, 1000);
        assertThatThrownBy(staged::relieve).isInstanceOf(ConnectException.class)
                .hasMessageContaining("buffer.spill.dir").hasMessageContaining(notAFolder.toString());
        assertThat(SpillSpace.failure(spillDir, new IOException("No space left on device")).getMessage())
                .contains("The disk is full").contains("buffer.spill.max.bytes");
    }
}
