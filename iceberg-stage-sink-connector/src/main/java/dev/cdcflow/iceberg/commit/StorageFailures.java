package dev.cdcflow.iceberg.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells a failure of the storage (S3, the catalog's database or server: worth trying again) from a failure of the
 * row being written (its value: trying again fails the same way, so it belongs in the dead letter queue).
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /** Whether {@code failure}, or anything that caused it, is an I/O, SQL or AWS SDK failure. */
    public static boolean isStorage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException
                    || cause instanceof RuntimeIOException || cause instanceof SQLException
                    || cause instanceof SdkException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
