package dev.cdcflow.seeder;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.seeder.SeederConfig.Target;
import dev.cdcflow.seeder.model.ShopTransaction;
import dev.cdcflow.seeder.model.TrafficGenerator;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one share of the storefront traffic. Where it resumes: with target=postgres, the position the database
 * holds (written with each transaction), and ledger records the database has but Kafka may have lost are emitted
 * again from the deterministic replay; with target=kafka, the committed source offset.
 */
public class StorefrontSeederTask extends SourceTask {

    static final String TASK_INDEX = "task.index";
    static final String TASK_COUNT = "task.count";

    private static final Logger LOG = LoggerFactory.getLogger(StorefrontSeederTask.class);
    private static final long MAX_WAIT_NANOS = 200_000_000L;
    private static final Duration IDLE = Duration.ofSeconds(1);

    private SeederConfig config;
    private int taskIndex;
    private Map<String, Object> partition;
    private TrafficGenerator generator;
    private PostgresTarget postgres;
    private ChangeEventRecords changeEvents;
    private LedgerRecords ledger;
    private Pacer pacer;
    private long firstPacedPosition;
    private long lastPosition;
    /** Transactions before this position are in the database already: they only get their ledger record. */
    private long ledgerOnlyBefore;
    /** A transaction whose commit failed; it is retried as it is, never generated again. */
    private ShopTransaction pending;
    private boolean verifyPendingAfterReconnect;
    private Duration backoff;
    private volatile boolean stopping;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SeederConfig(props);
        taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        int taskCount = Integer.parseInt(props.getOrDefault(TASK_COUNT, "1"));
        partition = SeederOffsets.partition(taskIndex);
        generator = new TrafficGenerator(config.generatorSettings(taskIndex, taskCount));
        ledger = new LedgerRecords(config.ledgerTopic());
        lastPosition = config.maxTransactions() < 0 ? Long.MAX_VALUE : config.maxTransactions();
        backoff = config.retryBackoff();
        if (config.target() == Target.KAFKA) {
            changeEvents = new ChangeEventRecords(config.topicPrefix(), config.postgresSchema());
        } else {
            postgres = new PostgresTarget(config, taskIndex);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (pacer == null && !resume()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < config.maxTransactionsPerPoll() && !stopping; i++) {
            long position = pending != null ? pending.position() : generator.nextPosition();
            if (position > lastPosition) {
                break;
            }
            if (position >= ledgerOnlyBefore && position > 0) {
                long wait = pacer.nanosUntil(position - firstPacedPosition, System.nanoTime());
                if (wait > 0) {
                    if (records.isEmpty()) {
                        Thread.sleep(Math.max(1, Math.min(wait, MAX_WAIT_NANOS) / 1_000_000));
                    }
                    break;
                }
            }
            ShopTransaction transaction = pending != null ? pending : generator.next();
            if (!run(transaction)) {
                break;
            }
            if (changeEvents != null) {
                changeEvents.addTo(records, transaction, partition);
            }
            records.add(ledger.of(transaction, partition));
        }
        if (records.isEmpty() && generator.nextPosition() > lastPosition && pending == null) {
            // A bounded run has finished: idle, never fail, so pause, resume and delete keep working.
            Thread.sleep(IDLE.toMillis());
        }
        return records.isEmpty() ? null : records;
    }

    /**
     * Finds where to resume and replays the generator there. With target=postgres the database holds the truth
     * (each transaction writes the next position with its rows), and offsets can only lag it: the transactions in
     * between are in the database but their ledger records may be lost, so they are emitted again, ledger only.
     * False while the database is unreachable (the task waits and tries again, it does not fail).
     */
    private boolean resume() throws InterruptedException {
        long committedOffset = SeederOffsets.nextPosition(context.offsetStorageReader().offset(partition));
        long resumeAt = committedOffset;
        if (postgres != null) {
            try {
                postgres.connect();
                resumeAt = postgres.storedPosition();
            } catch (SQLException e) {
                postgres.disconnect();
                LOG.warn("Seeder task {} cannot read its position from {} ({}); retrying in {} ms", taskIndex,
                        config.postgresUrl(), e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                return false;
            }
            if (committedOffset > resumeAt) {
                LOG.warn("Seeder task {}: offsets are at position {} but the database at {} (was it restored?); "
                        + "continuing from the database", taskIndex, committedOffset, resumeAt);
            }
        }
        replayTo(Math.min(committedOffset, resumeAt));
        ledgerOnlyBefore = resumeAt;
        firstPacedPosition = Math.max(resumeAt, 1);
        pacer = new Pacer(config.rate(), System.nanoTime());
        LOG.info("Seeder task {} resumes at position {} (target {}, seed {})", taskIndex, resumeAt, config.target(),
                config.seed());
        return true;
    }

    /** Runs a transaction against the target; false when the database failed and it must be retried later. */
    private boolean run(ShopTransaction transaction) throws InterruptedException {
        if (changeEvents != null) {
            return true;
        }
        if (transaction.position() < ledgerOnlyBefore) {
            return true;
        }
        try {
            if (!postgres.isConnected()) {
                postgres.connect();
            }
            if (verifyPendingAfterReconnect && postgres.storedPosition() > transaction.position()) {
                // The commit went through before the connection broke: do not write it twice.
                LOG.info("Task {}: transaction {} had been committed before the database failed", taskIndex,
                        transaction.position());
            } else {
                postgres.apply(transaction, config.seed());
            }
            pending = null;
            verifyPendingAfterReconnect = false;
            backoff = config.retryBackoff();
            return true;
        } catch (SQLException | RuntimeException | AssertionError e) {
            // When the server goes away mid-batch, pgjdbc may throw an AssertionError from its batch handler
            // instead of an SQLException; it means the same: the connection is gone, retry the transaction.
            pending = transaction;
            verifyPendingAfterReconnect = true;
            postgres.disconnect();
            LOG.warn("Task {}: PostgreSQL failed at transaction {} ({}); retrying in {} ms", taskIndex,
                    transaction.position(), e.getMessage(), backoff.toMillis());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(config.retryBackoffMax()) > 0
                    ? config.retryBackoffMax() : backoff.multipliedBy(2);
            return false;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (postgres != null) {
            postgres.close();
        }
    }

    private void replayTo(long position) {
        while (generator.nextPosition() < position) {
            ShopTransaction skipped = generator.next();
            if (changeEvents != null) {
                changeEvents.skip(skipped);
            }
        }
    }
}
