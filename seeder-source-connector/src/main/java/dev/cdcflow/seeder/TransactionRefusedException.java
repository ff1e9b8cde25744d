package dev.cdcflow.seeder;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * PostgreSQL refused a seeder transaction for a reason that retrying cannot cure (a broken foreign key, a row that
 * is gone, a missing grant). The task fails with it, so the reason shows in the connector's status instead of a
 * warning repeated for ever.
 */
final class TransactionRefusedException extends ConnectException {

    TransactionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    TransactionRefusedException(String message) {
        super(message);
    }
}
