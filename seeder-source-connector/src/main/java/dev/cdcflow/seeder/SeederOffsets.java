package dev.cdcflow.seeder;

import java.util.Map;

/**
 * The seeder's source partitions and offsets: the partition is the task ({@code {"task": 0}}), the offset the
 * position of the next transaction to run ({@code {"position": 1234}}).
 */
final class SeederOffsets {

    static final String TASK = "task";
    static final String POSITION = "position";

    private SeederOffsets() {
    }

    static Map<String, Object> partition(int task) {
        return Map.of(TASK, task);
    }

    static Map<String, Object> offset(long nextPosition) {
        return Map.of(POSITION, nextPosition);
    }

    /** The next position stored in {@code offset}, or 0 when there is none. */
    static long nextPosition(Map<String, Object> offset) {
        if (offset == null || !(offset.get(POSITION) instanceof Number number)) {
            return 0L;
        }
        return number.longValue();
    }
}
