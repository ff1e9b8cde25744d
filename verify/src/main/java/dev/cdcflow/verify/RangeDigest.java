package dev.cdcflow.verify;

/**
 * What one side holds in a key range, in one aggregate query: how many rows, and the sum (modulo 2^64) of each row's
 * hash. The sum does not depend on the rows' order, so both sides compute it with their own SQL over the same
 * normalized text of each row; equal digests mean equal rows but for a hash collision (about one in 2^64 per range).
 *
 * @param rows     rows with a key in the range
 * @param checksum the sum of their hashes, modulo 2^64
 */
public record RangeDigest(long rows, long checksum) {

    public static final RangeDigest EMPTY = new RangeDigest(0, 0);
}
