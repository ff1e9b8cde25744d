package dev.cdcflow.iceberg.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stage config: per table, the columns kept (each from a record field, renamed and cast) and the partition spec.
 * In YAML:
 *
 * <pre>
 * tables:
 *   customers:
 *     columns:
 *       - {name: id, type: long}
 *       - {name: email, type: string}
 *       - {name: created_at, type: timestamp}
 *       - {name: event_date, from: _event_date, type: date}
 *       - {name: event_date_source, from: _event_date_source, type: string}
 *     partition_by: [day(event_date)]
 * </pre>
 *
 * Every mistake is refused when the config is read, with the table and the key it is about.
 */
public final class StageConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TABLE_KEYS = Set.of("columns", "partition_by");
    private static final Set<String> COLUMN_KEYS = Set.of("name", "from", "type", "unit");

    private final Map<String, StageTable> tables;

    private StageConfig(Map<String, StageTable> tables) {
        this.tables = tables;
    }

    /** Reads a stage config; a mistake is an IllegalArgumentException that names the table and the key. */
    public static StageConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("tables").isObject() || root.path("tables").isEmpty()) {
            throw new IllegalArgumentException("no tables: the stage config needs 'tables:' with one entry a table");
        }
        requireKnownKeys(root, Set.of("tables"), "the stage config");
        Map<String, StageTable> tables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tables").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tables.put(entry.getKey(), table(entry.getKey(), entry.getValue()));
        }
        return new StageConfig(Map.copyOf(tables));
    }

    /** The stage table of this name, or null. */
    public StageTable table(String name) {
        return tables.get(name);
    }

    public Set<String> tableNames() {
        return tables.keySet();
    }

    private static StageTable table(String name, JsonNode node) {
        String where = "stage table '" + name + "'";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected 'columns:' and 'partition_by:' under it");
        }
        requireKnownKeys(node, TABLE_KEYS, where);
        JsonNode columnNodes = node.path("columns");
        if (!columnNodes.isArray() || columnNodes.isEmpty()) {
            throw new IllegalArgumentException(where + ", key 'columns': a list of at least one column is needed");
        }
        List<StageColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < columnNodes.size(); i++) {
            StageColumn column = column(columnNodes.get(i), where + ", column " + (i + 1));
            if (!names.add(column.name())) {
                throw new IllegalArgumentException(where + ", column " + (i + 1) + ": '" + column.name()
                        + "' is named twice");
            }
            columns.add(column);
        }
        List<PartitionField> partitionBy = new ArrayList<>();
        JsonNode partitionNodes = node.path("partition_by");
        if (!partitionNodes.isMissingNode() && !partitionNodes.isArray()) {
            throw new IllegalArgumentException(where + ", key 'partition_by': a list, e.g. [day(event_date)]");
        }
        for (JsonNode partitionNode : partitionNodes) {
            String text = partitionNode.asText();
            try {
                PartitionField field = PartitionField.parse(text);
                StageColumn column = columns.stream().filter(c -> c.name().equals(field.column())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("'" + field.column()
                                + "' is not one of the table's columns"));
                field.requireFits(column.type());
                partitionBy.add(field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ", key 'partition_by', '" + text + "': " + e.getMessage(),
                        e);
            }
        }
        return new StageTable(name, List.copyOf(columns), List.copyOf(partitionBy));
    }

    private static StageColumn column(JsonNode node, String where) {
        if (node.isTextual()) {
            throw new IllegalArgumentException(where + ": write {name: " + node.asText() + ", type: …}");
        }
        requireKnownKeys(node, COLUMN_KEYS, where);
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException(where + ", key 'name': every column needs a name");
        }
        String at = where + " ('" + name + "')";
        ColumnType type;
        try {
            type = ColumnType.parse(node.path("type").asText(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ", key 'type': " + e.getMessage(), e);
        }
        ValueCast.EpochUnit unit = ValueCast.EpochUnit.MICROS;
        if (node.has("unit")) {
            try {
                unit = ValueCast.EpochUnit.valueOf(node.path("unit").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ", key 'unit': use millis or micros");
            }
        }
        return new StageColumn(name, node.path("from").asText(name), type, unit);
    }

    private static void requireKnownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'; use "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
