package dev.cdcflow.seeder;

import dev.cdcflow.common.Backoff;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.metrics.TaskGauges;
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
 * Runs one share of the storefront traffic: paces it, writes it to its {@link SeederTarget}, and emits a ledger record
 * per transaction. Where it resumes: with target=postgres, the position the database holds (written with each
 * transaction), and ledger records the database has but Kafka may have lost are emitted again from the
 * deterministic replay; with target=kafka, the committed source offset.
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
    private SeederTarget target;
    private LedgerRecords ledger;
    private Pacer pacer;
    private long firstPacedPosition;
    private long lastPosition;
    /** Transactions before this position are in the database already: they only get their ledger record. */
    private long ledgerOnlyBefore;
    /** A transaction whose commit failed; it is retried as it is, never generated again. */
    private ShopTransaction pending;
    private Backoff backoff;
    private volatile boolean stopping;
    private final SeederMetrics metrics = new SeederMetrics();
    private TaskGauges gauges;

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
        backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
        target = switch (config.target()) {
            case KAFKA -> new ChangeEventRecords(config.topicPrefix(), config.postgresSchema(), partition);
            case POSTGRES -> new PostgresTarget(config, taskIndex);
        };
        gauges = TaskGauges.open(context, "StorefrontSeederTask", props.getOrDefault("name", "storefront-seeder"),
                taskIndex);
        metrics.register(gauges);
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
            if (!write(transaction, records)) {
                break;
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
     * Finds where to resume and replays the generator there. The target may know better than the offsets (the
     * database holds the position each transaction wrote with its rows): the transactions from the committed offset
     * up to its position are written already, and only get their ledger records again. False while the target is
     * unreachable (the task waits and tries again, it does not fail).
     */
    private boolean resume() throws InterruptedException {
        long committedOffset = SeederOffsets.nextPosition(context.offsetStorageReader().offset(partition));
        long resumeAt;
        try {
            resumeAt = target.resumePosition(committedOffset);
        } catch (SQLException e) {
            long waitMs = backoff.nextMs();
            LOG.warn("Seeder task {} cannot read its position from {} ({}); retrying in {} ms", taskIndex, target,
                    e.getMessage(), waitMs);
            Thread.sleep(waitMs);
            return false;
        }
        replayTo(Math.min(committedOffset, resumeAt));
        ledgerOnlyBefore = resumeAt;
        firstPacedPosition = Math.max(resumeAt, 1);
        pacer = new Pacer(config.rate(), System.nanoTime());
        LOG.info("Seeder task {} resumes at position {} (target {}, seed {})", taskIndex, resumeAt, config.target(),
                config.seed());
        return true;
    }

    /**
     * Writes a transaction to the target, unless it is there already (before {@link #ledgerOnlyBefore}); false when
     * the target failed and the transaction must be retried later, after a growing back-off.
     */
    private boolean write(ShopTransaction transaction, List<SourceRecord> records) throws InterruptedException {
        if (transaction.position() < ledgerOnlyBefore) {
            return true;
        }
        try {
            target.write(transaction, records);
            metrics.written(transaction);
            pending = null;
            backoff.reset();
            return true;
        } catch (PositionMovedException e) {
            // Written by another instance of this task, or by this one's attempt whose commit went through
            // unanswered: this transaction and those up to the stored position only get their ledger records.
            LOG.info("Task {}: transaction {} is in the database already; going on from position {}", taskIndex,
                    transaction.position(), e.stored());
            ledgerOnlyBefore = Math.max(ledgerOnlyBefore, e.stored());
            pending = null;
            backoff.reset();
            return true;
        } catch (TransactionRefusedException e) {
            LOG.error("Task {} stops: {}", taskIndex, e.getMessage());
            throw e;
        } catch (SQLException | RuntimeException | AssertionError e) {
            pending = transaction;
            long waitMs = backoff.nextMs();
            LOG.warn("Task {}: {} failed at transaction {} ({}); retrying in {} ms", taskIndex, target,
                    transaction.position(), e.getMessage(), waitMs);
            Thread.sleep(waitMs);
            return false;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (target != null) {
            target.close();
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    private void replayTo(long position) {
        while (generator.nextPosition() < position) {
            target.skip(generator.next());
        }
    }
}
