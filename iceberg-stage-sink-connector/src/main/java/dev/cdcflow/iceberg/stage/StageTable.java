package dev.cdcflow.iceberg.stage;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** One stage table: the columns it keeps (renamed and cast) and how it is partitioned. */
public record StageTable(String name, List<StageColumn> columns, List<PartitionField> partitionBy) {

    /**
     * The table's Iceberg schema: the columns in their order, every one optional (a CDC row may lack a value, and a
     * delete's after-image has none), with ids from 1.
     */
    public Schema schema() {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            StageColumn column = columns.get(i);
            fields.add(Types.NestedField.optional(i + 1, column.name(), column.type().icebergType()));
        }
        return new Schema(fields);
    }

    /** The partition spec over {@code schema} (the table's own, whose ids may differ from {@link #schema()}). */
    public PartitionSpec spec(Schema schema) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        partitionBy.forEach(field -> field.addTo(spec));
        return spec.build();
    }
}
