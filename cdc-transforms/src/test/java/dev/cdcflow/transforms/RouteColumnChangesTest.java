package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.common.ChangeMarkers;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RouteColumnChangesTest {

    private static final Schema ROW = SchemaBuilder.struct().optional()
            .field("schema_name", Schema.STRING_SCHEMA).field("table_name", Schema.STRING_SCHEMA)
            .field("change", Schema.STRING_SCHEMA).field("column_name", Schema.STRING_SCHEMA)
            .field("new_name", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    @Test
    void aRenameGoesToTheTopicOfItsTableAsAColumnChange() {
        Struct row = new Struct(ROW).put("schema_name", "sales").put("table_name", "orders")
                .put("change", "rename_column").put("column_name", "note").put("new_name", "remark");
        Struct envelope = new Struct(ENVELOPE).put("after", row).put("op", "c")
                .put("source", new Struct(SOURCE).put("lsn", 42L));
        SourceRecord routed = route(record("shop.public.cdcflow_column_changes", envelope));

        assertThat(routed.topic()).isEqualTo("shop.sales.orders");
        assertThat(ChangeMarkers.isColumnChange(routed.valueSchema())).isTrue();
        assertThat(ChangeMarkers.rename((Struct) routed.value())).containsExactly("note", "remark");
        assertThat(((Struct) routed.value()).getInt64("lsn")).isEqualTo(42L);
    }

    @Test
    void otherTablesPassAndDeletesOfChangesAreDropped() {
        SourceRecord other = record("shop.public.orders", "row");
        assertThat(route(other)).isSameAs(other);
        assertThat(route(record("shop.public.cdcflow_column_changes",
                new Struct(ENVELOPE).put("op", "d").put("source", new Struct(SOURCE))))).isNull();
        assertThat(route(record("shop.public.cdcflow_column_changes", null))).isNull();
    }

    private static SourceRecord record(String topic, Object value) {
        return new SourceRecord(Map.of(), Map.of(), topic, null, value == null ? null
                : value instanceof Struct struct ? struct.schema() : Schema.STRING_SCHEMA, value);
    }

    private static SourceRecord route(SourceRecord record) {
        try (RouteColumnChanges<SourceRecord> transform = new RouteColumnChanges<>()) {
            transform.configure(Map.of());
            return transform.apply(record);
        }
    }
}
