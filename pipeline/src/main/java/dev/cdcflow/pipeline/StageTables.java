package dev.cdcflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The Iceberg stage tables as the catalog and S3 hold them, read without Iceberg: the JDBC catalog's
 * {@code iceberg_tables} names each table's current metadata file, and that file lists the table's snapshots and,
 * in the current one's summary, its rows. For the status screen, the compatibility check and the soak.
 */
public final class StageTables {

    /**
     * A stage table's rows (change rows: every version of every key), how many snapshots it has, and the next Kafka
     * offset of each partition the stage committed into it (from the table's properties, or its snapshots' summaries).
     */
    public record StageTable(String table, long rows, int snapshots, Map<TopicPartition, Long> committedOffsets,
                             String metadataLocation) {
    }

    /**
     * Where the stage keeps its positions (the plugin's TableOffsets): a table property per partition, its value
     * {@code next} or {@code next@timestamp}; in snapshot summaries from builds before.
     */
    private static final String POSITION_PREFIX = "cdcflow.offset." + StorefrontPipeline.ICEBERG_STAGE + "/";
    private static final String OFFSETS_KEY = "cdcflow.offsets." + StorefrontPipeline.ICEBERG_STAGE;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StageTables() {
    }

    /** The stage tables of the storefront namespace; empty before the catalog has any. */
    public static List<StageTable> read(LocalStack stack) {
        List<List<String>> locations;
        try {
            locations = stack.postgres().queryIn(StorefrontPipeline.CATALOG_DATABASE, "SELECT table_name, "
                    + "metadata_location FROM iceberg_tables WHERE table_namespace = 'storefront' ORDER BY table_name");
        } catch (IllegalStateException noCatalogYet) {
            return List.of();
        }
        List<StageTable> tables = new ArrayList<>();
        for (List<String> row : locations) {
            JsonNode metadata = metadata(stack, URI.create(row.get(1)));
            Map<Long, JsonNode> snapshots = new HashMap<>();
            metadata.path("snapshots").forEach(snapshot -> snapshots.put(snapshot.path("snapshot-id").asLong(),
                    snapshot));
            JsonNode current = snapshots.get(metadata.path("current-snapshot-id").asLong(-1));
            long rows = current == null ? 0 : current.path("summary").path("total-records").asLong(0);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            metadata.path("properties").fields().forEachRemaining(property -> {
                if (property.getKey().startsWith(POSITION_PREFIX)) {
                    String position = property.getValue().asText();
                    int at = position.indexOf('@');
                    offsets.put(partition(property.getKey().substring(POSITION_PREFIX.length())),
                            Long.parseLong(at < 0 ? position : position.substring(0, at)));
                }
            });
            for (JsonNode snapshot = current; snapshot != null;
                 snapshot = snapshots.get(snapshot.path("parent-snapshot-id").asLong(-1))) {
                String committed = snapshot.path("summary").path(OFFSETS_KEY).asText(null);
                if (committed != null) {
                    readTree(committed).fields().forEachRemaining(entry ->
                            offsets.putIfAbsent(partition(entry.getKey()), entry.getValue().asLong()));
                }
            }
            tables.add(new StageTable(row.get(0), rows, snapshots.size(), offsets, row.get(1)));
        }
        return tables;
    }

    /** All rows of all stage tables. */
    public static long totalRows(LocalStack stack) {
        return read(stack).stream().mapToLong(StageTable::rows).sum();
    }

    /** {@code topic/partition}. */
    private static TopicPartition partition(String name) {
        int slash = name.lastIndexOf('/');
        return new TopicPartition(name.substring(0, slash), Integer.parseInt(name.substring(slash + 1)));
    }

    private static JsonNode metadata(LocalStack stack, URI location) {
        try {
            return JSON.readTree(stack.s3().getObject(location.getHost(), location.getPath().substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location, e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable offsets in a snapshot summary: " + json, e);
        }
    }
}
