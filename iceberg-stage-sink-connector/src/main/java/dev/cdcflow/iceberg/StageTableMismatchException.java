package dev.cdcflow.iceberg;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The stage config asks for what the existing table cannot become (a column of another type): a person must decide,
 * so the task fails with the reason instead of waiting as it does for a catalog that is away.
 */
final class StageTableMismatchException extends ConnectException {

    StageTableMismatchException(String message) {
        super(message);
    }
}
