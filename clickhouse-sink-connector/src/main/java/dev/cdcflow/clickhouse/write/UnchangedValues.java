package dev.cdcflow.clickhouse.write;

import com.clickhouse.data.ClickHouseColumn;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes rows whose change event lacked some values (PostgreSQL's unchanged TOAST values, named by
 * FlattenChangeEvent's unchanged-columns field) with the values of their row's previous version, read from the table
 * just before they are written. The values move as RowBinary bytes, never decoded.
 *
 * <p>Which version: for each key, the newest one in the table at or below the newest version waiting (one query per
 * table and flush), or an earlier row of the same key completed in the same flush, whichever is newer and at or below
 * the row's own version. When a row turns out to be the key's newest, that is exactly its previous version, so what
 * FINAL shows is right; a row that is not the newest may take a value of a newer version, which FINAL never shows.
 * This holds across batches, restarts and replays: the rows before it are written (or were, before a replay) first.
 * A row of the same version is the same change written before, completed then: a replay of a key's newest change
 * finds it even when the table has merged its older versions away.
 */
final class UnchangedValues {

    private static final Logger LOG = LoggerFactory.getLogger(UnchangedValues.class);
    private static final int VERSION_BYTES = 8;

    private final ClickHouseSql sql;
    private final String versionColumn;
    private final String unchangedColumn;
    private final List<String> configuredKeys;

    /**
     * @param unchangedColumn the field naming the columns an event lacked, or null to write rows as they come
     * @param configuredKeys  the sink's key.columns; empty: the record key's fields
     */
    UnchangedValues(ClickHouseSql sql, String versionColumn, String unchangedColumn, List<String> configuredKeys) {
        this.sql = sql;
        this.versionColumn = versionColumn;
        this.unchangedColumn = unchangedColumn;
        this.configuredKeys = configuredKeys;
    }

    /**
     * The record as a row waiting for values, encoded for the batch's plan; or null when its event carried every
     * value, and it goes into the batch as it is.
     *
     * @throws DataException when the row cannot be looked up (no key, a key type without literals)
     */
    Pending pendingOf(SinkRecord record, EncodedBatch batch) {
        Struct value = (Struct) record.value();
        Field listField = unchangedColumn == null ? null : value.schema().field(unchangedColumn);
        List<?> listed = listField == null ? null : value.getArray(unchangedColumn);
        if (listed == null || listed.isEmpty()) {
            return null;
        }
        List<String> keyNames = !configuredKeys.isEmpty() ? configuredKeys
                : record.keySchema() != null && record.keySchema().type() == Schema.Type.STRUCT
                        ? record.keySchema().fields().stream().map(Field::name).toList() : List.of();
        List<Field> keys = keyNames.stream().map(value.schema()::field).toList();
        if (keys.isEmpty() || keys.contains(null)) {
            throw new DataException("The row lacks the values of " + listed + " (unchanged large values), and has "
                    + "no key columns " + keyNames + " to find its previous version by");
        }
        Object version = value.get(versionColumn);
        if (!(version instanceof Long position)) {
            throw new DataException("The row lacks the values of " + listed + " and has no version '"
                    + versionColumn + "' to find its previous version by");
        }
        List<String> unchanged = listed.stream().map(String::valueOf)
                .filter(name -> value.schema().field(name) != null).toList();
        byte[] row = batch.encode(record);
        InsertPlan plan = batch.plan();
        return new Pending(plan, row, RowBinaryFrames.frame(columns(plan), row, 0), position, unchanged,
                keys.stream().mapToInt(Field::index).toArray(), KeyLiterals.of(value, keys));
    }

    /**
     * A row waiting for values: encoded with its plan (the missing columns empty), the positions of its values, its
     * version, the columns to complete, the indexes of its key columns and their SQL literals.
     */
    record Pending(InsertPlan plan, byte[] row, int[] bounds, long version, List<String> unchanged,
                   int[] keyIndexes, String keyLiteral) {

        byte[] key() {
            return slices(row, bounds, keyIndexes);
        }
    }

    /** The rows of one table waiting for values, in the order they were taken. */
    static final class Group {

        private final String table;
        private final List<Pending> rows = new ArrayList<>();

        Group(String table) {
            this.table = table;
        }

        void add(Pending pending) {
            rows.add(pending);
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** Completes the group's rows, each into a batch of its plan, in the order they were taken. */
    List<EncodedBatch> complete(Group group) {
        if (group.isEmpty()) {
            return List.of();
        }
        Pending first = group.rows.get(0);
        List<String> keyColumns = names(first.plan(), first.keyIndexes());
        Set<String> wanted = new LinkedHashSet<>();
        group.rows.forEach(pending -> wanted.addAll(pending.unchanged()));
        List<String> valueColumns = List.copyOf(wanted);
        Map<String, Source> previous = previousVersions(group, keyColumns, valueColumns);

        Map<String, Source> completed = new HashMap<>();
        Map<InsertPlan, EncodedBatch> batches = new LinkedHashMap<>();
        int withoutPrevious = 0;
        for (Pending pending : group.rows) {
            String key = Arrays.toString(pending.key());
            Source source = newerAtOrBelow(previous.get(key), completed.get(key), pending.version());
            byte[] row = source == null ? pending.row() : splice(pending, source);
            if (source == null) {
                withoutPrevious++;
            }
            Source own = new Source(pending.version(), row, RowBinaryFrames.frame(columns(pending.plan()), row, 0),
                    names(pending.plan()));
            completed.merge(key, own, (old, now) -> now.version() > old.version() ? now : old);
            batches.computeIfAbsent(pending.plan(), plan -> new EncodedBatch(plan, null)).addEncoded(row);
        }
        if (withoutPrevious > 0) {
            LOG.warn("{} row(s) of {}.{} lacked unchanged values and no version of their row is in ClickHouse to take "
                    + "them from: those columns are written empty. The rows before them may not have been captured "
                    + "(a table snapshotted without them, a topic whose older records were deleted)",
                    withoutPrevious, first.plan().database(), group.table);
        }
        return List.copyOf(batches.values());
    }

    /** Per key, the newest version in the table at or below the group's newest, with the wanted values. */
    private Map<String, Source> previousVersions(Group group, List<String> keyColumns, List<String> valueColumns) {
        long newest = group.rows.stream().mapToLong(Pending::version).max().orElseThrow();
        String keys = keyColumns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String literals = group.rows.stream().map(Pending::keyLiteral).distinct().collect(Collectors.joining(", "));
        String query = "SELECT " + keys + ", " + Identifiers.quote(versionColumn) + ", " + valueColumns.stream()
                .map(Identifiers::quote).collect(Collectors.joining(", ")) + " FROM "
                + Identifiers.qualified(group.rows.get(0).plan().database(), group.table) + " WHERE "
                + (keyColumns.size() == 1 ? keys : "(" + keys + ")") + " IN (" + literals + ") AND "
                + Identifiers.quote(versionColumn) + " <= " + Long.toUnsignedString(newest) + " ORDER BY "
                + Identifiers.quote(versionColumn) + " DESC LIMIT 1 BY " + keys;
        List<ClickHouseColumn> columns = new ArrayList<>();
        Map<String, ClickHouseColumn> byName = new HashMap<>();
        group.rows.forEach(pending -> columns(pending.plan()).forEach(column -> byName.putIfAbsent(
                column.getColumnName(), column)));
        keyColumns.forEach(name -> columns.add(byName.get(name)));
        columns.add(ClickHouseColumn.of(versionColumn, "UInt64"));
        valueColumns.forEach(name -> columns.add(byName.get(name)));

        byte[] data = sql.rowBinary(query);
        Map<String, Source> previous = new HashMap<>();
        List<String> names = new ArrayList<>(keyColumns);
        names.add(versionColumn);
        names.addAll(valueColumns);
        int[] keyIndexes = new int[keyColumns.size()];
        Arrays.setAll(keyIndexes, i -> i);
        for (int position = 0; position < data.length; ) {
            int[] bounds = RowBinaryFrames.frame(columns, data, position);
            long version = ByteBuffer.wrap(data, bounds[keyColumns.size()], VERSION_BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong();
            previous.put(Arrays.toString(slices(data, bounds, keyIndexes)),
                    new Source(version, data, bounds, names));
            position = bounds[columns.size()];
        }
        return previous;
    }

    /**
     * The newer of two candidates at or below {@code version}; failing that, either (the row is not the newest then).
     */
    private static Source newerAtOrBelow(Source a, Source b, long version) {
        Source best = null;
        for (Source candidate : new Source[] {a, b}) {
            if (candidate != null && Long.compareUnsigned(candidate.version(), version) <= 0
                    && (best == null || Long.compareUnsigned(candidate.version(), best.version()) > 0)) {
                best = candidate;
            }
        }
        return best != null ? best : a != null ? a : b;
    }

    /** The pending row with each of its unchanged columns' bytes taken from {@code source}, where it has them. */
    private static byte[] splice(Pending pending, Source source) {
        List<String> names = names(pending.plan());
        byte[] row = pending.row();
        int[] bounds = pending.bounds();
        int[] sourceIndexes = new int[names.size()];
        int size = row.length;
        for (int i = 0; i < names.size(); i++) {
            int from = pending.unchanged().contains(names.get(i)) ? source.names().indexOf(names.get(i)) : -1;
            sourceIndexes[i] = from;
            if (from >= 0) {
                size += source.bounds()[from + 1] - source.bounds()[from] - (bounds[i + 1] - bounds[i]);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        int copied = 0;
        for (int i = 0; i < names.size(); i++) {
            int from = sourceIndexes[i];
            if (from < 0) {
                continue;
            }
            out.put(row, copied, bounds[i] - copied);
            out.put(source.data(), source.bounds()[from], source.bounds()[from + 1] - source.bounds()[from]);
            copied = bounds[i + 1];
        }
        out.put(row, copied, row.length - copied);
        return out.array();
    }

    private static byte[] slices(byte[] data, int[] bounds, int[] indexes) {
        int size = 0;
        for (int index : indexes) {
            size += bounds[index + 1] - bounds[index];
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int index : indexes) {
            out.put(data, bounds[index], bounds[index + 1] - bounds[index]);
        }
        return out.array();
    }

    static List<ClickHouseColumn> columns(InsertPlan plan) {
        return plan.rowBinarySchema().getColumns();
    }

    private static List<String> names(InsertPlan plan) {
        return columns(plan).stream().map(ClickHouseColumn::getColumnName).toList();
    }

    private static List<String> names(InsertPlan plan, int[] indexes) {
        List<String> all = names(plan);
        return Arrays.stream(indexes).mapToObj(all::get).toList();
    }

    /** A version of a row the values can come from: its encoded values, where each starts, and their columns. */
    private record Source(long version, byte[] data, int[] bounds, List<String> names) {
    }
}
