package dev.cdcflow.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The integer keys from {@code from} (included) to {@code to} (excluded): what one checksum query covers on each side.
 *
 * @param from the first key of the range
 * @param to   the key after the last one
 */
public record KeyRange(long from, long to) {

    public KeyRange {
        if (to <= from) {
            throw new IllegalArgumentException("An empty key range: [" + from + ", " + to + ")");
        }
    }

    /** How many keys the range spans (not how many rows hold them). */
    public long width() {
        return to - from;
    }

    /** The smallest range holding both. */
    public KeyRange span(KeyRange other) {
        return new KeyRange(Math.min(from, other.from), Math.max(to, other.to));
    }

    /**
     * The range cut into at most {@code parts} consecutive ranges of near-equal width that cover it exactly (fewer
     * when it is narrower than that).
     */
    public List<KeyRange> split(int parts) {
        if (parts < 2) {
            throw new IllegalArgumentException("A range is split into 2 parts or more, not " + parts);
        }
        long count = Math.min(parts, width());
        List<KeyRange> ranges = new ArrayList<>();
        long start = from;
        for (long i = 0; i < count; i++) {
            // Widths differ by at most one key; the last part ends at the range's end.
            long end = i == count - 1 ? to : from + (long) ((double) width() * (i + 1) / count);
            if (end > start) {
                ranges.add(new KeyRange(start, end));
                start = end;
            }
        }
        return ranges;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
