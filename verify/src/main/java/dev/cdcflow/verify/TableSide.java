package dev.cdcflow.verify;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One side of a comparison: a table of rows with an integer key, as PostgreSQL or ClickHouse holds it, its values
 * already normalized to the text both sides agree on (types, time zones, decimals, NULLs).
 */
public interface TableSide {

    /** The range from the smallest key to just past the largest, or empty when the table has no row. */
    Optional<KeyRange> keys();

    /** The rows and the checksum of the keys in {@code range}. */
    RangeDigest digest(KeyRange range);

    /** The rows of the keys in {@code range}, by key: each row's values in the compared columns' order. */
    SortedMap<Long, List<String>> rows(KeyRange range);
}
