package dev.cdcflow.seeder;

import dev.cdcflow.seeder.model.RowChange;
import dev.cdcflow.seeder.model.ShopTable;
import dev.cdcflow.seeder.model.ShopTransaction;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes seeder transactions into PostgreSQL. Each transaction, and the task's next position in
 * {@code seeder_progress}, commit together: the stored position says exactly which transactions are in the
 * database, whatever crashed when. A transaction first moves the position on from its own, compare-and-set, so that
 * two instances of one task (a zombie on a frozen worker and its successor, or a retry after a commit whose answer
 * was lost) never both write one position: the second finds the position moved and writes nothing.
 */
final class PostgresTarget implements SeederTarget {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTarget.class);
    /** Why a broken constraint or a missing row stops the seeder, and the way out. */
    private static final String DIVERGED = "The database no longer holds what the seeder wrote: a row it added is "
            + "gone or was changed by another writer, a backup was restored without its seeder_progress table, or the "
            + "server lost acknowledged commits in a crash (synchronous_commit=off). The seeder replays a "
            + "deterministic model of the shop and cannot go on from this data: give it an empty schema "
            + "(postgres.schema) and start it again";

    private final SeederConfig config;
    private final int task;
    private Connection connection;
    private final Map<ShopTable, PreparedStatement> inserts = new EnumMap<>(ShopTable.class);
    private final Map<ShopTable, PreparedStatement> updates = new EnumMap<>(ShopTable.class);
    private final Map<ShopTable, PreparedStatement> deletes = new EnumMap<>(ShopTable.class);
    /** The position of a task's first transaction: no row yet. */
    private PreparedStatement firstClaim;
    /** Every later one: the row moves on from the transaction's own position, or nothing happens. */
    private PreparedStatement nextClaim;

    PostgresTarget(SeederConfig config, int task) {
        this.config = config;
        this.task = task;
    }

    /**
     * The database holds the truth: each transaction wrote the next position with its rows. Offsets can only lag it
     * (the transactions in between are in the database, their ledger records maybe not).
     */
    @Override
    public long resumePosition(long committedPosition) throws SQLException {
        try {
            connect();
            long stored = storedPosition();
            if (committedPosition > stored) {
                LOG.warn("Seeder task {}: offsets are at position {} but the database at {} (was it restored?); "
                        + "continuing from the database", task, committedPosition, stored);
            }
            return stored;
        } catch (SQLException e) {
            disconnect();
            throw e;
        }
    }

    @Override
    public void skip(ShopTransaction transaction) {
        // The database has it already, or will get it when the task reaches it.
    }

    @Override
    public void write(ShopTransaction transaction, List<SourceRecord> records) throws SQLException {
        try {
            if (connection == null) {
                connect();
            }
            apply(transaction, config.seed());
        } catch (PositionMovedException e) {
            throw e;
        } catch (TransactionRefusedException e) {
            disconnect();
            throw e;
        } catch (SQLException | RuntimeException | AssertionError e) {
            disconnect();
            if (PostgresFailures.isRefusal(e)) {
                throw refused(transaction, e);
            }
            // When the server goes away mid-batch, pgjdbc may throw an AssertionError from its batch handler
            // instead of an SQLException; it means the same: the connection is gone. Whether the commit went
            // through, the retry's compare-and-set tells.
            throw e;
        }
    }

    /** The task's failure for a transaction every retry would see refused, with what to do about it. */
    private TransactionRefusedException refused(ShopTransaction transaction, Throwable failure) {
        if (PostgresFailures.isIntegrityViolation(failure)) {
            return new TransactionRefusedException(refusal(transaction, firstCause(failure)) + ". " + DIVERGED,
                    failure);
        }
        return new TransactionRefusedException(refusal(transaction, firstCause(failure)) + ". Fix the cause (a grant, "
                + "the schema) and restart the task: it resumes at this transaction", failure);
    }

    private String refusal(ShopTransaction transaction, String reason) {
        return "PostgreSQL refused transaction " + transaction.position() + " (" + transaction.kind()
                + ") of seeder task " + task + ": " + reason;
    }

    /** The failed statement's own message: a batch's exception only says that the batch was aborted. */
    private static String firstCause(Throwable failure) {
        if (failure instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException().getMessage();
        }
        return failure.getMessage();
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + config.postgresUrl();
    }

    private void connect() throws SQLException {
        Connection opened = PostgresConnections.open(config);
        opened.setAutoCommit(false);
        connection = opened;
        for (ShopTable table : ShopTable.values()) {
            inserts.put(table, connection.prepareStatement(insertSql(table)));
            updates.put(table, connection.prepareStatement(updateSql(table)));
            deletes.put(table, connection.prepareStatement("DELETE FROM " + table.tableName() + " WHERE id = ?"));
        }
        firstClaim = connection.prepareStatement("INSERT INTO seeder_progress (next_position, seed, task, updated_at) "
                + "VALUES (?, ?, ?, now()) ON CONFLICT (task) DO NOTHING");
        nextClaim = connection.prepareStatement("UPDATE seeder_progress SET next_position = ?, seed = ?, "
                + "updated_at = now() WHERE task = ? AND next_position = ?");
    }

    /** The position after the last transaction this task committed (0: none yet). */
    private long storedPosition() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT next_position FROM seeder_progress WHERE task = ?")) {
            query.setInt(1, task);
            try (ResultSet rows = query.executeQuery()) {
                long position = rows.next() ? rows.getLong(1) : 0L;
                connection.commit();
                return position;
            }
        }
    }

    /**
     * Writes the next position and the transaction's rows, in one database transaction. The position goes first,
     * compare-and-set: its row lock makes a second writer of the task wait, and then find it moved.
     */
    private void apply(ShopTransaction transaction, long seed) throws SQLException {
        try {
            claimPosition(transaction, seed);
            PreparedStatement batch = null;
            List<RowChange> batched = new ArrayList<>();
            for (RowChange change : transaction.changes()) {
                if (change.cascaded()) {
                    continue;
                }
                PreparedStatement statement = statementFor(change);
                if (statement != batch || batched.size() >= config.loadBatchSize()) {
                    execute(batch, batched, transaction);
                    batch = statement;
                }
                bind(statement, change);
                statement.addBatch();
                batched.add(change);
            }
            execute(batch, batched, transaction);
            connection.commit();
        } catch (SQLException | RuntimeException | AssertionError e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Moves the stored position from {@code position} to the next one, or throws {@link PositionMovedException} when
     * it no longer stands at {@code position} (another instance of the task, or this one's earlier attempt whose
     * commit went through, wrote it).
     */
    private void claimPosition(ShopTransaction transaction, long seed) throws SQLException {
        long position = transaction.position();
        PreparedStatement claim = position == 0 ? firstClaim : nextClaim;
        claim.setLong(1, position + 1);
        claim.setLong(2, seed);
        claim.setInt(3, task);
        if (position > 0) {
            claim.setLong(4, position);
        }
        if (claim.executeUpdate() == 0) {
            long stored = storedPosition();
            if (stored <= position) {
                // Behind this task's own transactions: the database lost some, or was restored.
                throw new TransactionRefusedException(refusal(transaction, "the database's position for this task "
                        + "is " + stored + ", behind transactions the task has written") + ". " + DIVERGED);
            }
            throw new PositionMovedException(position, stored);
        }
    }

    /**
     * Runs a batch of one statement. An update or delete must find its row: one that touches none means the rows
     * are not the ones the seeder wrote, and writing on would build on a shop that is not there.
     */
    private void execute(PreparedStatement batch, List<RowChange> changes, ShopTransaction transaction)
            throws SQLException {
        if (batch == null || changes.isEmpty()) {
            return;
        }
        int[] counts = batch.executeBatch();
        for (int i = 0; i < counts.length && i < changes.size(); i++) {
            RowChange change = changes.get(i);
            if (change.op() != 'c' && change.op() != 'r' && counts[i] == 0) {
                throw new TransactionRefusedException(refusal(transaction, (change.op() == 'u' ? "the UPDATE"
                        : "the DELETE") + " of " + change.table().tableName() + " id " + change.id()
                        + " found no such row") + ". " + DIVERGED);
            }
        }
        changes.clear();
    }

    /** Drops the connection after a failure; {@link #connect()} opens a new one. */
    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already broken: nothing more to release.
            }
            connection = null;
        }
        inserts.clear();
        updates.clear();
        deletes.clear();
        firstClaim = null;
        nextClaim = null;
    }

    @Override
    public void close() {
        disconnect();
    }

    private PreparedStatement statementFor(RowChange change) {
        return switch (change.op()) {
            case 'c', 'r' -> inserts.get(change.table());
            case 'u' -> updates.get(change.table());
            default -> deletes.get(change.table());
        };
    }

    private static void bind(PreparedStatement statement, RowChange change) throws SQLException {
        List<ShopTable.Column> columns = change.table().columns();
        switch (change.op()) {
            case 'c', 'r' -> {
                for (int i = 0; i < columns.size(); i++) {
                    bindValue(statement, i + 1, columns.get(i), change.after()[i]);
                }
            }
            case 'u' -> {
                for (int i = 1; i < columns.size(); i++) {
                    bindValue(statement, i, columns.get(i), change.after()[i]);
                }
                statement.setLong(columns.size(), change.id());
            }
            default -> statement.setLong(1, change.id());
        }
    }

    private static void bindValue(PreparedStatement statement, int index, ShopTable.Column column, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
            return;
        }
        switch (column.type()) {
            case INT64 -> statement.setLong(index, (Long) value);
            case INT32 -> statement.setInt(index, (Integer) value);
            case MONEY -> statement.setBigDecimal(index, (BigDecimal) value);
            case TIMESTAMPTZ -> statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            default -> statement.setString(index, (String) value);
        }
    }

    private static String insertSql(ShopTable table) {
        List<ShopTable.Column> columns = table.columns();
        return "INSERT INTO " + table.tableName() + " ("
                + columns.stream().map(ShopTable.Column::name).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
    }

    private static String updateSql(ShopTable table) {
        return "UPDATE " + table.tableName() + " SET " + table.columns().stream().skip(1)
                .map(column -> column.name() + " = ?").collect(Collectors.joining(", ")) + " WHERE id = ?";
    }

    private void rollbackQuietly() {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // The connection is gone; the transaction is rolled back with it.
        }
    }
}
