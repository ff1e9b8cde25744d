package dev.cdcflow.transforms.validate;

/** Why a value broke a rule; stable codes a person or a query can group by. */
public enum ErrorCode {
    REQUIRED_MISSING,
    TYPE_MISMATCH,
    BELOW_MIN,
    ABOVE_MAX,
    TOO_SHORT,
    TOO_LONG,
    PATTERN_MISMATCH,
    NOT_ALLOWED,
    IN_FUTURE
}
