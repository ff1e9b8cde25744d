package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.MetadataColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The schema of a flattened row, derived once from a Debezium row schema: the row's columns (types normalized)
 * followed by the enabled metadata fields, and how to copy a row into it.
 */
final class FlatRowSchema {

    private final Schema schema;
    private final List<Field> inputFields;
    private final Field[] outputFields;
    private final TypeNormalizer.Normalized[] normalized;
    /** Per column, whether Debezium may send its placeholder instead of the value (text, bytes, arrays). */
    private final boolean[] mayStandIn;
    final Field op;
    final Field version;
    final Field deleted;
    final Field sourceTs;
    final Field eventDate;
    final Field eventDateSource;
    final Field unchangedColumns;

    private FlatRowSchema(Schema schema, List<Field> inputFields, TypeNormalizer.Normalized[] normalized,
                          MetadataFieldNames names) {
        this.schema = schema;
        this.inputFields = inputFields;
        this.normalized = normalized;
        this.outputFields = inputFields.stream().map(field -> schema.field(field.name())).toArray(Field[]::new);
        this.mayStandIn = new boolean[inputFields.size()];
        for (int i = 0; i < mayStandIn.length; i++) {
            mayStandIn[i] = UnavailableValues.mayStandIn(inputFields.get(i).schema());
        }
        this.op = field(schema, names.op());
        this.version = field(schema, names.version());
        this.deleted = field(schema, names.deleted());
        this.sourceTs = field(schema, names.sourceTs());
        this.eventDate = field(schema, names.eventDate());
        this.eventDateSource = field(schema, names.eventDateSource());
        this.unchangedColumns = field(schema, names.unchangedColumns());
    }

    /** The flat schema for rows of {@code rowSchema}; a column named like a metadata field is an error. */
    static FlatRowSchema of(Schema rowSchema, MetadataFieldNames names, TypeNormalizer normalizer) {
        List<Field> fields = rowSchema.fields();
        TypeNormalizer.Normalized[] normalized = new TypeNormalizer.Normalized[fields.size()];
        SchemaBuilder builder = SchemaBuilder.struct().name(rowSchema.name()).version(rowSchema.version());
        for (Field field : fields) {
            if (isMetadataName(field.name(), names)) {
                throw new DataException("Row " + rowSchema.name() + " already has a column named '" + field.name()
                        + "', which is also the name of a metadata field; give the metadata field another name "
                        + "in the transform's config");
            }
            normalized[field.index()] = normalizer.normalize(field.schema());
            builder.field(field.name(), normalized[field.index()].schema());
        }
        addMetadata(builder, names);
        return new FlatRowSchema(builder.build(), fields, normalized, names);
    }

    /** The schema of a truncate marker: only the metadata fields, marked as a truncate's for the sinks. */
    static FlatRowSchema truncateMarker(String name, MetadataFieldNames names) {
        SchemaBuilder builder = ChangeMarkers.markTruncate(SchemaBuilder.struct().name(name));
        addMetadata(builder, names);
        return new FlatRowSchema(builder.build(), List.of(), new TypeNormalizer.Normalized[0], names);
    }

    Schema schema() {
        return schema;
    }

    /**
     * A new flat row holding the normalized columns of {@code row}; the caller fills in the other metadata. With
     * {@code unavailable}, a column holding Debezium's placeholder gets no value (null, or empty where required) and
     * is named in the unchanged-columns field.
     */
    Struct copyRow(Struct row, UnavailableValues unavailable) {
        Struct flat = new Struct(schema);
        List<String> unchanged = null;
        for (int i = 0; i < outputFields.length; i++) {
            Object value = row.get(inputFields.get(i));
            if (unavailable != null && mayStandIn[i] && value != null && unavailable.isPlaceholder(value)) {
                flat.put(outputFields[i], UnavailableValues.standIn(outputFields[i].schema()));
                unchanged = unchanged == null ? new ArrayList<>(2) : unchanged;
                unchanged.add(outputFields[i].name());
            } else {
                flat.put(outputFields[i], normalized[i].apply(value));
            }
        }
        putIfEnabled(flat, unchangedColumns, unchanged);
        return flat;
    }

    /** Sets a metadata field if it is enabled. */
    static void putIfEnabled(Struct flat, Field field, Object value) {
        if (field != null) {
            flat.put(field, value);
        }
    }

    private static void addMetadata(SchemaBuilder builder, MetadataFieldNames names) {
        addIfEnabled(builder, names.op(), MetadataColumn.OP.schema());
        addIfEnabled(builder, names.version(), MetadataColumn.VERSION.schema());
        addIfEnabled(builder, names.deleted(), MetadataColumn.DELETED.schema());
        addIfEnabled(builder, names.sourceTs(), MetadataColumn.SOURCE_TS.schema());
        addIfEnabled(builder, names.eventDate(), MetadataColumn.EVENT_DATE.schema());
        addIfEnabled(builder, names.eventDateSource(), MetadataColumn.EVENT_DATE_SOURCE.schema());
        addIfEnabled(builder, names.unchangedColumns(), MetadataColumn.UNCHANGED_COLUMNS.schema());
    }

    private static void addIfEnabled(SchemaBuilder builder, String name, Schema schema) {
        if (MetadataFieldNames.enabled(name)) {
            builder.field(name, schema);
        }
    }

    private static boolean isMetadataName(String column, MetadataFieldNames names) {
        return names.all().contains(column);
    }

    private static Field field(Schema schema, String name) {
        return MetadataFieldNames.enabled(name) ? schema.field(name) : null;
    }
}
