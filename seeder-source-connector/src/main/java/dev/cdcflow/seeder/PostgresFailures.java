package dev.cdcflow.seeder;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a passing database failure (the server restarting, a lost connection, a deadlock), which the task waits out
 * and retries, from a refusal that every retry meets again. Decided by the SQLSTATE classes of the failure and of
 * every failure chained to it (a batch reports its failed statement behind its own exception).
 */
final class PostgresFailures {

    /** Data exception, integrity constraint violation, invalid schema name, syntax error or access rule violation. */
    private static final Set<String> REFUSALS = Set.of("22", "23", "3F", "42");
    /** Connection exception, operator intervention (shutdown, crash recovery): the server went away. */
    private static final Set<String> SERVER_GONE = Set.of("08", "57");
    /** Integrity constraint violation: the database holds something other than what the seeder wrote. */
    private static final String INTEGRITY = "23";

    private PostgresFailures() {
    }

    /** True when retrying the same transaction can only fail the same way. */
    static boolean isRefusal(Throwable failure) {
        Set<String> classes = sqlStateClasses(failure);
        return classes.stream().anyMatch(REFUSALS::contains) && classes.stream().noneMatch(SERVER_GONE::contains);
    }

    /** True for a refusal by a constraint: rows the seeder wrote were changed or removed behind its back. */
    static boolean isIntegrityViolation(Throwable failure) {
        return isRefusal(failure) && sqlStateClasses(failure).contains(INTEGRITY);
    }

    /** The SQLSTATE classes (first two characters) along the failure's causes and chained exceptions. */
    private static Set<String> sqlStateClasses(Throwable failure) {
        Set<String> classes = new HashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && state.length() == 5) {
                        classes.add(state.substring(0, 2));
                    }
                }
            }
        }
        return classes;
    }
}
