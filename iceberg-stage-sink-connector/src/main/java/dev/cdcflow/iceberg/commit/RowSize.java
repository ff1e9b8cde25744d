package dev.cdcflow.iceberg.commit;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.iceberg.data.Record;

/** Estimates of what rows and open files take on the heap, for the task's buffer cap. */
final class RowSize {

    private static final long OPEN_FILE_BASE_BYTES = 64 * 1024;

    private RowSize() {
    }

    /**
     * The fixed heap of one open Parquet data file: its page and compression buffers, which follow the page size
     * (measured by scripts/bench-iceberg-stage-memory.sh: 2.2 MB with Iceberg's default 1 MB pages, 305 KB with
     * 128 KB pages), rounded up.
     */
    static long openFileBytes(long pageBytes) {
        return pageBytes * 9 / 4 + OPEN_FILE_BASE_BYTES;
    }

    /** The bytes of a row's values as plain values: text and binary by length, the rest by their width. */
    static long estimate(Record record) {
        long bytes = 0;
        for (int i = 0; i < record.size(); i++) {
            Object value = record.get(i, Object.class);
            if (value == null) {
                bytes += 1;
            } else if (value instanceof CharSequence text) {
                bytes += 4 + text.length();
            } else if (value instanceof ByteBuffer binary) {
                bytes += 4 + binary.remaining();
            } else if (value instanceof BigDecimal) {
                bytes += 16;
            } else {
                bytes += 8;
            }
        }
        return bytes;
    }
}
