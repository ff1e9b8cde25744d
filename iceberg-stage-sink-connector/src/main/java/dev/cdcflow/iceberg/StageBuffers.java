package dev.cdcflow.iceberg;

import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.iceberg.commit.Position;
import dev.cdcflow.iceberg.commit.TableBuffer;
import dev.cdcflow.iceberg.commit.TableOffsets;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's stage tables: the catalog (opened at first use, so that a catalog away when the task starts does not
 * fail it), each table loaded once, and what the task wrote to each since its last commit.
 */
final class StageBuffers {

    private static final Logger LOG = LoggerFactory.getLogger(StageBuffers.class);

    private final IcebergStageConfig config;
    private final StageConfig stage;
    private final int taskNumber;
    private final Map<String, TableBuffer> buffers = new HashMap<>();
    private StageCatalog catalog;

    StageBuffers(IcebergStageConfig config, StageConfig stage, int taskNumber) {
        this.config = config;
        this.stage = stage;
        this.taskNumber = taskNumber;
    }

    /** The buffer of a stage table, the table loaded (created or evolved as the stage config says) at first use. */
    TableBuffer get(String name) {
        StageTable table = stage.table(name);
        return buffers.computeIfAbsent(name, unused -> new TableBuffer(catalog().table(table), taskNumber,
                loaded -> catalog().evolve(loaded, table)));
    }

    Collection<Map.Entry<String, TableBuffer>> all() {
        return buffers.entrySet();
    }

    /**
     * Where each existing stage table stands in each of {@code partitions}, read fresh (tables that hold nothing of a
     * partition absent from its map; tables not created yet are not created).
     */
    Map<TopicPartition, Map<String, Position>> positions(String connector, Set<TopicPartition> partitions) {
        Map<TopicPartition, Map<String, Position>> byPartition = new HashMap<>();
        partitions.forEach(partition -> byPartition.put(partition, new HashMap<>()));
        for (String name : stage.tableNames()) {
            if (!buffers.containsKey(name) && !catalog().exists(stage.table(name))) {
                continue;
            }
            Table table = get(name).table();
            table.refresh();
            TableOffsets.read(table, connector).forEach((partition, position) -> {
                if (partitions.contains(partition)) {
                    byPartition.get(partition).put(name, position);
                }
            });
        }
        return byPartition;
    }

    /** The estimated heap of every table's open files. */
    long bytes() {
        long bytes = 0;
        for (TableBuffer buffer : buffers.values()) {
            bytes += buffer.estimatedBytes();
        }
        return bytes;
    }

    /** Per partition, the first offset in a buffer. */
    Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> first = new HashMap<>();
        buffers.values().forEach(buffer -> buffer.firstOffsets().forEach((partition, offset) ->
                first.merge(partition, offset, Math::min)));
        return first;
    }

    /** Drops everything uncommitted (the files are deleted). */
    void abortAll() {
        buffers.values().forEach(TableBuffer::abort);
    }

    /** Drops everything uncommitted and closes the catalog. */
    void close() {
        abortAll();
        buffers.clear();
        if (catalog != null) {
            try {
                catalog.close();
            } catch (IOException e) {
                LOG.warn("Closing the catalog failed", e);
            }
            catalog = null;
        }
    }

    private StageCatalog catalog() {
        if (catalog == null) {
            catalog = new StageCatalog(config);
        }
        return catalog;
    }
}
