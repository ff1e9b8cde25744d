package dev.cdcflow.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Compares a source table with its copy by checksums over key ranges: one digest query per side for the whole
 * table, and only where the digests differ is the range cut in parts and each part compared the same way, down to
 * ranges small enough to read row by row. Equal tables cost two queries whatever their size; a few differences cost
 * a few queries per level of cutting and the rows of the small ranges that hold them.
 */
public final class RangeComparison {

    private final TableSide source;
    private final TableSide copy;
    private final int fanout;
    private final long rowsToRead;

    /**
     * @param fanout     how many parts a differing range is cut into
     * @param rowsToRead a differing range with at most this many rows on either side is read row by row instead
     */
    public RangeComparison(TableSide source, TableSide copy, int fanout, long rowsToRead) {
        if (fanout < 2) {
            throw new IllegalArgumentException("fanout must be 2 or more, not " + fanout);
        }
        if (rowsToRead < 1) {
            throw new IllegalArgumentException("rowsToRead must be 1 or more, not " + rowsToRead);
        }
        this.source = Objects.requireNonNull(source);
        this.copy = Objects.requireNonNull(copy);
        this.fanout = fanout;
        this.rowsToRead = rowsToRead;
    }

    /** What a comparison found, and what it cost. */
    public record Result(List<KeyDifference> differences, int digestQueries, int rowQueries, long rowsRead) {

        public boolean equal() {
            return differences.isEmpty();
        }
    }

    public Result compare() {
        Optional<KeyRange> sourceKeys = source.keys();
        Optional<KeyRange> copyKeys = copy.keys();
        if (sourceKeys.isEmpty() && copyKeys.isEmpty()) {
            return new Result(List.of(), 0, 0, 0);
        }
        KeyRange all = sourceKeys.isEmpty() ? copyKeys.get()
                : copyKeys.map(sourceKeys.get()::span).orElse(sourceKeys.get());
        List<KeyDifference> differences = new ArrayList<>();
        int digestQueries = 0;
        int rowQueries = 0;
        long rowsRead = 0;
        Deque<KeyRange> ranges = new ArrayDeque<>(List.of(all));
        while (!ranges.isEmpty()) {
            KeyRange range = ranges.removeFirst();
            RangeDigest inSource = source.digest(range);
            RangeDigest inCopy = copy.digest(range);
            digestQueries += 2;
            if (inSource.equals(inCopy)) {
                continue;
            }
            if (Math.max(inSource.rows(), inCopy.rows()) <= rowsToRead || range.width() <= fanout) {
                SortedMap<Long, List<String>> sourceRows = source.rows(range);
                SortedMap<Long, List<String>> copyRows = copy.rows(range);
                rowQueries += 2;
                rowsRead += sourceRows.size() + copyRows.size();
                differences.addAll(differencesOf(sourceRows, copyRows));
            } else {
                // Depth first: the differences come out in key order.
                List<KeyRange> parts = range.split(fanout);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    ranges.addFirst(parts.get(i));
                }
            }
        }
        return new Result(List.copyOf(differences), digestQueries, rowQueries, rowsRead);
    }

    private static List<KeyDifference> differencesOf(SortedMap<Long, List<String>> sourceRows,
                                                     SortedMap<Long, List<String>> copyRows) {
        TreeSet<Long> keys = new TreeSet<>(sourceRows.keySet());
        keys.addAll(copyRows.keySet());
        List<KeyDifference> differences = new ArrayList<>();
        for (long key : keys) {
            List<String> inSource = sourceRows.get(key);
            List<String> inCopy = copyRows.get(key);
            if (!Objects.equals(inSource, inCopy)) {
                differences.add(new KeyDifference(key, inSource, inCopy));
            }
        }
        return differences;
    }
}
