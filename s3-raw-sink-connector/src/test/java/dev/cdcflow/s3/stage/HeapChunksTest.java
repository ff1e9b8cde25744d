package dev.cdcflow.s3.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The budget counts the heap the chunks take, and bytes come back as written, across chunk edges. */
class HeapChunksTest {

    private final MemoryBudget budget = new MemoryBudget(1 << 30, 0);
    private final HeapChunks heap = new HeapChunks(budget);

    @Test
    void theBudgetCountsWholeChunksFromTheFirstByteOn() {
        heap.write(new byte[1], 0, 1);
        assertThat(budget.used()).isEqualTo(HeapChunks.CHUNK);
        heap.write(new byte[HeapChunks.CHUNK], 0, HeapChunks.CHUNK);
        assertThat(budget.used()).isEqualTo(2L * HeapChunks.CHUNK);
        assertThat(heap.available()).isEqualTo(HeapChunks.CHUNK + 1);

        heap.consume(HeapChunks.CHUNK);
        assertThat(budget.used()).as("the first chunk, consumed whole, is given back").isEqualTo(HeapChunks.CHUNK);
        heap.clear();
        assertThat(budget.used()).isZero();
        assertThat(heap.available()).isZero();
    }

    @Test
    void bytesReadBackAreTheBytesWrittenWhateverTheChunkEdges() throws IOException {
        byte[] data = new byte[5 * HeapChunks.CHUNK + 123];
        new Random(3).nextBytes(data);
        for (int offset = 0; offset < data.length; offset += 1000) {
            heap.write(data, offset, Math.min(1000, data.length - offset));
        }
        assertThat(heap.read(data.length).readAllBytes()).isEqualTo(data);
        assertThat(heap.read(data.length).readAllBytes()).as("read again, as a retried upload does").isEqualTo(data);

        heap.consume(HeapChunks.CHUNK + 7);
        assertThat(heap.read(100).readAllBytes())
                .isEqualTo(Arrays.copyOfRange(data, HeapChunks.CHUNK + 7, HeapChunks.CHUNK + 107));
        heap.write(data, 0, 10);
        assertThat(heap.available()).isEqualTo(data.length - HeapChunks.CHUNK - 7 + 10);
    }
}
