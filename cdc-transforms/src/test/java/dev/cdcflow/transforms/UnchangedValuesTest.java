package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium's placeholder for an unchanged TOAST value, in each form it takes (as Debezium 3.7 sends it for an
 * UPDATE under the default replica identity, see the end-to-end UnchangedLargeValuesTest): it never lands in the row,
 * and the row names the columns it stood in.
 */
class UnchangedValuesTest {

    private static final String PLACEHOLDER = "__debezium_unavailable_value";
    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.docs.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("n", Schema.OPTIONAL_INT32_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .field("title", Schema.STRING_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("counts", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.docs.Envelope")
            .field("before", SchemaBuilder.struct().name(ROW.name()).optional()
                    .field("id", Schema.INT64_SCHEMA).build())
            .field("after", optional(ROW)).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    @Test
    void placeholderInEveryFormLeavesTheColumnEmptyAndNamed() {
        Struct row = flatten(Map.of(), "u", placeholderRow());

        assertThat(row.get("body")).isNull();
        assertThat(row.getString("title")).as("required column: empty, not the placeholder").isEmpty();
        assertThat(row.get("blob")).isNull();
        assertThat(row.get("tags")).isNull();
        assertThat(row.get("counts")).isNull();
        assertThat(row.getInt32("n")).isEqualTo(2);
        assertThat(row.getArray("_unchanged_columns")).containsExactly("body", "title", "blob", "tags", "counts");
    }

    @Test
    void rowWithEveryValueNamesNoColumn() {
        Struct whole = new Struct(optional(ROW)).put("id", 1L).put("n", 2).put("body", "text").put("title", "t")
                .put("tags", List.of("a")).put("counts", List.of(95, 95));

        Struct row = flatten(Map.of(), "u", whole);

        assertThat(row.get("_unchanged_columns")).isNull();
        assertThat(row.getString("body")).isEqualTo("text");
    }

    @Test
    void snapshotReadsAreTakenAsTheyAre() {
        assertThat(flatten(Map.of(), "r", placeholderRow()).getString("body")).isEqualTo(PLACEHOLDER);
    }

    @Test
    void withoutTheFieldThePlaceholderStays() {
        Struct row = flatten(Map.of("unchanged.columns.field", ""), "u", placeholderRow());

        assertThat(row.getString("body")).isEqualTo(PLACEHOLDER);
        assertThat(row.schema().field("_unchanged_columns")).isNull();
    }

    @Test
    void schemalessRowsToo() {
        Map<String, Object> after = new HashMap<>(Map.of("id", 1L, "body", PLACEHOLDER, "tags", List.of(PLACEHOLDER),
                "title", "kept"));
        Map<String, Object> envelope = new HashMap<>(Map.of("op", "u", "after", after,
                "source", Map.of("lsn", 10L, "ts_ms", 1_000L)));
        envelope.put("before", null);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) apply(Map.of(),
                new SinkRecord("shop.public.docs", 0, null, null, null, envelope, 0)).value();

        assertThat(row).containsEntry("body", null).containsEntry("tags", null).containsEntry("title", "kept");
        assertThat(row.get("_unchanged_columns")).isEqualTo(List.of("body", "tags"));
    }

    private static Struct placeholderRow() {
        List<Integer> placeholderBytes = new ArrayList<>();
        for (byte b : PLACEHOLDER.getBytes(StandardCharsets.UTF_8)) {
            placeholderBytes.add((int) b);
        }
        return new Struct(optional(ROW)).put("id", 1L).put("n", 2).put("body", PLACEHOLDER).put("title", PLACEHOLDER)
                .put("blob", PLACEHOLDER.getBytes(StandardCharsets.UTF_8)).put("tags", List.of(PLACEHOLDER))
                .put("counts", placeholderBytes);
    }

    private static Struct flatten(Map<String, String> config, String op, Struct after) {
        Struct envelope = new Struct(ENVELOPE).put("after", after).put("op", op)
                .put("source", new Struct(SOURCE).put("lsn", 10L).put("ts_ms", 1_000L));
        return (Struct) apply(config, new SinkRecord("shop.public.docs", 0, null, null, ENVELOPE, envelope, 0))
                .value();
    }

    private static SinkRecord apply(Map<String, String> config, SinkRecord record) {
        try (FlattenChangeEvent<SinkRecord> transform = new FlattenChangeEvent<>()) {
            transform.configure(config);
            return transform.apply(record);
        }
    }

    private static Schema optional(Schema struct) {
        SchemaBuilder builder = SchemaBuilder.struct().name(struct.name()).optional();
        struct.fields().forEach(field -> builder.field(field.name(), field.schema()));
        return builder.build();
    }
}
