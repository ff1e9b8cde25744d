package dev.cdcflow.verify;

import java.util.List;
import java.util.Locale;

/**
 * A key whose row is not the same on both sides.
 *
 * @param key    the key
 * @param source the row in the source, or null when it has none
 * @param copy   the row in the copy, or null when it has none
 */
public record KeyDifference(long key, List<String> source, List<String> copy) {

    /** What kind of difference it is, as a report names it. */
    public enum Kind {
        /** The copy lacks a row the source has. */
        MISSING,
        /** The copy has a row the source does not (deleted there, or never there). */
        EXTRA,
        /** Both have the key with different values. */
        CHANGED
    }

    public Kind kind() {
        if (copy == null) {
            return Kind.MISSING;
        }
        return source == null ? Kind.EXTRA : Kind.CHANGED;
    }

    @Override
    public String toString() {
        return "key " + key + " " + kind().name().toLowerCase(Locale.ROOT) + ": source "
                + (source == null ? "no row" : source) + ", copy " + (copy == null ? "no row" : copy);
    }
}
