package dev.cdcflow.iceberg.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Checks a stage table against the schema of the rows it is fed: every column's field must exist, and its type must
 * be one some value of the field can be cast to. Each problem names the table, the key and the field.
 */
public final class SourceCheck {

    private SourceCheck() {
    }

    /** What is wrong with the stage table for rows of {@code rowSchema} (a struct) from {@code origin}; or none. */
    public static List<String> problems(StageTable table, Schema rowSchema, String origin) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            StageColumn column = table.columns().get(i);
            String where = "stage table '" + table.name() + "', key 'columns[" + i + "]' (column '" + column.name()
                    + "'): ";
            Field field = rowSchema.field(column.source());
            if (field == null) {
                problems.add(where + "the rows of " + origin + " have no field '" + column.source() + "'; they have "
                        + rowSchema.fields().stream().map(Field::name).collect(Collectors.joining(", ")));
            } else if (!ValueCast.possible(field.schema(), column.type())) {
                problems.add(where + "field '" + column.source() + "' of " + origin + " is " + describe(field.schema())
                        + ", which cannot be cast to " + column.type());
            }
        }
        return problems;
    }

    private static String describe(Schema schema) {
        String type = schema.type().getName();
        return schema.name() == null ? type : type + " (" + schema.name() + ")";
    }
}
