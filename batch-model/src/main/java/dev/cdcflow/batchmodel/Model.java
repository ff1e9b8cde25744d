package dev.cdcflow.batchmodel;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a batch job's CSV files hold: a name, typed columns (ClickHouse types) and which column is the rows' event id.
 * Its id names the ClickHouse table {@code data_<id>} and the topic its rows travel on.
 */
public record Model(String id, String name, List<ModelColumn> columns, String eventIdColumn) {

    /** The column a model's rows are known by in rejected rows, when the model has one of that name. */
    public static final String DEFAULT_EVENT_ID_COLUMN = "event_id";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final int ID_SUFFIX_BYTES = 3;
    private static final int NAME_PART_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Model {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A model id is lower-case letters, digits and '_', starting with a "
                    + "letter, at most 63 characters: not '" + id + "'");
        }
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("Model '" + name + "' has no columns");
        }
        List<String> seen = new ArrayList<>();
        for (ModelColumn column : columns) {
            if (!COLUMN.matcher(column.name()).matches()) {
                throw new IllegalArgumentException("Column name '" + column.name() + "' of model '" + name + "': a "
                        + "column name is letters, digits and '_', starting with a letter (names starting with '_' "
                        + "are the pipeline's own)");
            }
            if (seen.contains(column.name())) {
                throw new IllegalArgumentException("Model '" + name + "' has column '" + column.name() + "' twice");
            }
            seen.add(column.name());
        }
        columns = List.copyOf(columns);
        if (eventIdColumn != null && !seen.contains(eventIdColumn)) {
            throw new IllegalArgumentException("The event id column '" + eventIdColumn + "' is not a column of "
                    + "model '" + name + "' (columns: " + seen + ")");
        }
    }

    /**
     * A new model from its name and its columns (name to ClickHouse type, in order), with a fresh id: the name's
     * letters and digits, and a random suffix so that two models of one name never share a table.
     */
    public static Model create(String name, Map<String, String> columnTypes) {
        String base = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^[^a-z]+", "").replaceAll("_+$", "");
        byte[] suffix = new byte[ID_SUFFIX_BYTES];
        RANDOM.nextBytes(suffix);
        String id = (base.isEmpty() ? "model" : base.substring(0, Math.min(base.length(), NAME_PART_LENGTH))) + "_"
                + HexFormat.of().formatHex(suffix);
        return of(id, name, columnTypes);
    }

    /** A model as stored: its id, name and columns; its event id column is {@code event_id} where it has one. */
    public static Model of(String id, String name, Map<String, String> columnTypes) {
        List<ModelColumn> columns = new ArrayList<>();
        columnTypes.forEach((column, type) -> {
            try {
                columns.add(new ModelColumn(column, ModelType.parse(type)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Column '" + column + "' of model '" + name + "': "
                        + e.getMessage(), e);
            }
        });
        boolean hasEventId = columnTypes.containsKey(DEFAULT_EVENT_ID_COLUMN);
        return new Model(id, name, columns, hasEventId ? DEFAULT_EVENT_ID_COLUMN : null);
    }

    /** The ClickHouse table of the model's rows. */
    public String table() {
        return "data_" + id;
    }

    /** The column types by name, in order, as the model declares them. */
    public Map<String, String> columnTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        columns.forEach(column -> types.put(column.name(), column.type().declared()));
        return types;
    }

    public ModelColumn column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst().orElse(null);
    }
}
