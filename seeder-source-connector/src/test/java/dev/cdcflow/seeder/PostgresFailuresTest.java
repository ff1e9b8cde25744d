package dev.cdcflow.seeder;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresFailuresTest {

    @Test
    void aBrokenForeignKeyBehindABatchIsARefusalByIntegrity() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO orders ... was aborted",
                "23503", 0, new int[0], null);
        batch.setNextException(new SQLException("ERROR: insert or update on table \"orders\" violates foreign key "
                + "constraint \"orders_customer_id_fkey\"", "23503"));

        assertThat(PostgresFailures.isRefusal(batch)).isTrue();
        assertThat(PostgresFailures.isIntegrityViolation(batch)).isTrue();
    }

    @Test
    void aMissingGrantIsARefusalButNotAnIntegrityViolation() {
        SQLException denied = new SQLException("ERROR: permission denied for table orders", "42501");

        assertThat(PostgresFailures.isRefusal(denied)).isTrue();
        assertThat(PostgresFailures.isIntegrityViolation(denied)).isFalse();
    }

    @Test
    void theServerGoingAwayIsRetriedWhateverElseTheBatchSaid() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 ... was aborted: An I/O error occurred",
                "08006", 0, new int[0], null);
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        SQLException shutdown = new SQLException("FATAL: terminating connection due to administrator command",
                "57P01");
        SQLException crashed = new SQLException("ERROR: duplicate key value", "23505",
                new SQLException("FATAL: the database system is in recovery mode", "57P03"));

        assertThat(PostgresFailures.isRefusal(batch)).isFalse();
        assertThat(PostgresFailures.isRefusal(shutdown)).isFalse();
        assertThat(PostgresFailures.isRefusal(crashed)).isFalse();
    }

    @Test
    void failuresWithoutAnSqlStateAreRetried() {
        assertThat(PostgresFailures.isRefusal(new SQLException("connection lost"))).isFalse();
        assertThat(PostgresFailures.isRefusal(new AssertionError("pgjdbc batch handler"))).isFalse();
        assertThat(PostgresFailures.isRefusal(new IllegalStateException("closed"))).isFalse();
        assertThat(PostgresFailures.isRefusal(new SQLException("deadlock detected", "40P01"))).isFalse();
    }
}
