package dev.cdcflow.common;

/**
 * Why a row was rejected: stable codes a person or a query can group by, written to rejected_rows' error_code. One
 * list for every producer of rejected rows (ValidateRow's rules, the batch upload source's typed columns).
 */
public enum ErrorCode {
    /** A value the row must have is missing (null, absent, or an empty CSV field of a column that is not Nullable). */
    REQUIRED_MISSING,
    /** A value that cannot be read as the column's type. */
    TYPE_MISMATCH,
    BELOW_MIN,
    ABOVE_MAX,
    TOO_SHORT,
    TOO_LONG,
    PATTERN_MISMATCH,
    NOT_ALLOWED,
    IN_FUTURE,
    /** A CSV row with more or fewer fields than its file's header. */
    WRONG_FIELD_COUNT
}
