package dev.cdcflow.iceberg.commit;

/**
 * Where a stage table stands in one Kafka partition: the next offset it needs (every record below is in it, or was
 * passed over on purpose) and the timestamp of the record before that one, which tells a recreated topic from the
 * one written (-1 when unknown: set through the REST API, or read from a table written by an older version).
 *
 * @param next          the next offset the table needs from the partition
 * @param lastTimestamp the timestamp of the record at {@code next - 1}, or -1
 */
public record Position(long next, long lastTimestamp) {

    public static final long NO_TIMESTAMP = -1;

    /** A position set from outside (an offset reset), with no record to check it by. */
    public static Position at(long next) {
        return new Position(next, NO_TIMESTAMP);
    }

    public boolean hasTimestamp() {
        return lastTimestamp != NO_TIMESTAMP;
    }

    /** The form kept in a table property: {@code next} or {@code next@timestamp}. */
    String encode() {
        return hasTimestamp() ? next + "@" + lastTimestamp : Long.toString(next);
    }

    static Position decode(String value) {
        int at = value.indexOf('@');
        try {
            return at < 0 ? at(Long.parseLong(value))
                    : new Position(Long.parseLong(value.substring(0, at)), Long.parseLong(value.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Unreadable stage offset '" + value + "' in a table property", e);
        }
    }
}
