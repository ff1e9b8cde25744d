package dev.cdcflow.s3.stage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bytes on the heap in chunks of a fixed size, counted against the task's {@link MemoryBudget} by what the chunks
 * take, not by the bytes in them: growing never copies, and the heap held is never more than one chunk beyond the
 * bytes. Bytes are written at the end and consumed from the start (uploaded as parts); a chunk consumed whole is
 * given back at once.
 */
final class HeapChunks {

    static final int CHUNK = 16 * 1024;

    private final MemoryBudget budget;
    /** The chunks from the one holding {@link #start} on; those consumed whole are dropped. */
    private final List<byte[]> chunks = new ArrayList<>();
    /** The offset of the first chunk's first byte, counted from the first byte ever written. */
    private long firstChunkOffset;
    private long start;
    private long end;

    HeapChunks(MemoryBudget budget) {
        this.budget = budget;
    }

    void write(byte[] bytes, int offset, int length) {
        int written = 0;
        while (written < length) {
            long held = end - firstChunkOffset;
            if (held == (long) chunks.size() * CHUNK) {
                chunks.add(new byte[CHUNK]);
                budget.add(CHUNK);
            }
            int inChunk = (int) (held % CHUNK);
            byte[] chunk = chunks.get(chunks.size() - 1);
            int count = Math.min(length - written, CHUNK - inChunk);
            System.arraycopy(bytes, offset + written, chunk, inChunk, count);
            written += count;
            end += count;
        }
    }

    /** Bytes written and not consumed. */
    long available() {
        return end - start;
    }

    /** The next {@code count} unconsumed bytes, read in place (a new stream each call). */
    InputStream read(long count) {
        List<InputStream> parts = new ArrayList<>();
        long position = start;
        long left = Math.min(count, available());
        while (left > 0) {
            int index = (int) ((position - firstChunkOffset) / CHUNK);
            int inChunk = (int) ((position - firstChunkOffset) % CHUNK);
            int length = (int) Math.min(left, CHUNK - inChunk);
            parts.add(new ByteArrayInputStream(chunks.get(index), inChunk, length));
            position += length;
            left -= length;
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** Marks the next {@code count} bytes consumed, giving back the chunks they emptied. */
    void consume(long count) {
        start += Math.min(count, available());
        while (!chunks.isEmpty() && start - firstChunkOffset >= CHUNK) {
            chunks.remove(0);
            firstChunkOffset += CHUNK;
            budget.release(CHUNK);
        }
    }

    /** Drops every byte and gives all chunks back. */
    void clear() {
        budget.release((long) chunks.size() * CHUNK);
        chunks.clear();
        firstChunkOffset = end;
        start = end;
    }
}
