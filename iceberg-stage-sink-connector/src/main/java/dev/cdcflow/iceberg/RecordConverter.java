package dev.cdcflow.iceberg;

import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.iceberg.stage.StageColumn;
import dev.cdcflow.iceberg.stage.StageTable;
import dev.cdcflow.iceberg.stage.ValueCast;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a flat CDC row (a Struct, or a Map from schemaless JSON) into a stage table's record: each stage column
 * from its field, cast to its type. A row that lacks a field or holds a value the cast refuses is an
 * IllegalArgumentException naming the table, the column and the field. A truncate marker (FlattenChangeEvent's
 * record of a source TRUNCATE, only the metadata fields) becomes a change row with null columns: its op 't' and
 * version tell a reader that every row of the table with a lower version is gone.
 */
final class RecordConverter {

    private RecordConverter() {
    }

    static Record convert(Object value, StageTable stage, Schema tableSchema) {
        GenericRecord row = GenericRecord.create(tableSchema);
        for (StageColumn column : stage.columns()) {
            try {
                row.setField(column.name(), cast(value, column));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Stage table '" + stage.name() + "', column '" + column.name()
                        + "' (from field '" + column.source() + "'): " + e.getMessage(), e);
            }
        }
        return row;
    }

    private static Object cast(Object value, StageColumn column) {
        if (value instanceof Struct struct) {
            Field field = struct.schema().field(column.source());
            if (field == null && ChangeMarkers.isTruncate(struct.schema())) {
                return null;
            }
            if (field == null) {
                throw new IllegalArgumentException("the record has no such field");
            }
            return ValueCast.cast(struct.get(field), field.schema(), column.type(), column.unit());
        }
        if (value instanceof Map<?, ?> map) {
            if (!map.containsKey(column.source())) {
                throw new IllegalArgumentException("the record has no such field");
            }
            return ValueCast.cast(map.get(column.source()), null, column.type(), column.unit());
        }
        throw new IllegalArgumentException("the record is not a row (a Struct or a Map) but "
                + value.getClass().getSimpleName() + ": chain FlattenChangeEvent before this sink");
    }
}
