package dev.cdcflow.seeder;

import dev.cdcflow.seeder.model.ShopTransaction;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where a seeder task's transactions go: into PostgreSQL for Debezium to capture ({@link PostgresTarget}), or straight
 * into Kafka as Debezium-shaped change events ({@link ChangeEventRecords}). The task paces, replays and retries; the
 * target writes.
 */
interface SeederTarget extends AutoCloseable {

    /**
     * The position the task resumes at, given the one its committed source offsets name. A target that keeps its own
     * position (the database) answers with that; one that does not, with the committed one.
     */
    long resumePosition(long committedPosition) throws SQLException;

    /** A transaction the task replays on resume without writing it (its changes still count). */
    void skip(ShopTransaction transaction);

    /**
     * Writes one transaction, adding to {@code records} any records it makes for Kafka. After a failure the target
     * is ready to be given the same transaction again, and writes it at most once. A target that keeps its own
     * position throws {@link PositionMovedException} for a transaction it holds already.
     */
    void write(ShopTransaction transaction, List<SourceRecord> records) throws SQLException;

    @Override
    void close();
}
