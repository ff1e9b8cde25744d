package dev.cdcflow.iceberg.catalog;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The stage config asks for what the existing table cannot become (a column of another type): a person must decide,
 * so the task fails with the reason instead of waiting as it does for a catalog that is away.
 */
public final class StageTableMismatchException extends ConnectException {

    public StageTableMismatchException(String message) {
        super(message);
    }
}
