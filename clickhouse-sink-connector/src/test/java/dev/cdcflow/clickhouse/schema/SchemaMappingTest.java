package dev.cdcflow.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaMappingTest {

    private static final ServerCapabilities LEGACY = ServerCapabilities.of(ServerVersion.parse("18.16.1"));
    private static final ServerCapabilities MODERN = ServerCapabilities.of(ServerVersion.parse("24.8.4.13"));

    @Test
    void capabilitiesFollowTheServerVersion() {
        assertThat(LEGACY).extracting(ServerCapabilities::dateTime64, ServerCapabilities::bool,
                ServerCapabilities::replacingIsDeleted, ServerCapabilities::insertDeduplicationToken)
                .containsOnly(false);
        assertThat(MODERN).extracting(ServerCapabilities::dateTime64, ServerCapabilities::bool,
                ServerCapabilities::replacingIsDeleted, ServerCapabilities::insertDeduplicationToken)
                .containsOnly(true);
        assertThat(ServerCapabilities.of(ServerVersion.parse("23.1.3")).replacingIsDeleted()).isFalse();
        assertThat(ServerCapabilities.of(ServerVersion.parse("23.2.1")).replacingIsDeleted()).isTrue();
        assertThatThrownBy(() -> ServerVersion.parse("latest")).hasMessageContaining("Not a ClickHouse version");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain          | plain",
        "with.dot       | with.dot",
        "with-dash      | with-dash",
        "order          | order",
        "tick`here      | tick\\`here",
        "back\\slash    | back\\\\slash",
        "käse größe     | käse größe",
    })
    void identifiersAreAlwaysBacktickQuotedAndEscaped(String name, String escaped) {
        assertThat(Identifiers.quote(name)).isEqualTo("`" + escaped + "`");
    }

    @Test
    void connectTypesMapPerCapability() {
        TypeMapper legacy = new TypeMapper(LEGACY);
        TypeMapper modern = new TypeMapper(MODERN);

        assertThat(modern.columnType(Schema.INT64_SCHEMA)).isEqualTo("Int64");
        assertThat(modern.columnType(Schema.OPTIONAL_STRING_SCHEMA)).isEqualTo("Nullable(String)");
        assertThat(modern.columnType(Decimal.builder(2).parameter("connect.decimal.precision", "12").build()))
                .isEqualTo("Decimal(12, 2)");
        assertThat(modern.columnType(Decimal.builder(9).optional().build())).isEqualTo("Nullable(Decimal(38, 9))");
        assertThat(modern.columnType(Timestamp.SCHEMA)).isEqualTo("DateTime64(3, 'UTC')");
        assertThat(legacy.columnType(Timestamp.SCHEMA)).as("no DateTime64: exact epoch millis").isEqualTo("Int64");
        assertThat(modern.columnType(SchemaBuilder.int64().name(TypeMapper.MICRO_TIMESTAMP).build()))
                .isEqualTo("DateTime64(6, 'UTC')");
        assertThat(modern.columnType(Date.SCHEMA)).isEqualTo("Date32");
        assertThat(legacy.columnType(Date.SCHEMA)).isEqualTo("Date");
        assertThat(modern.columnType(Time.SCHEMA)).isEqualTo("Int32");
        assertThat(modern.columnType(Schema.BOOLEAN_SCHEMA)).isEqualTo("Bool");
        assertThat(legacy.columnType(Schema.BOOLEAN_SCHEMA)).isEqualTo("UInt8");
        assertThat(modern.columnType(SchemaBuilder.string().parameter(TypeMapper.SEMANTIC_TYPE_PARAMETER,
                "io.debezium.data.Uuid").optional().build())).isEqualTo("Nullable(UUID)");
        assertThat(modern.columnType(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build()))
                .isEqualTo("Array(Nullable(Int32))");
        assertThat(modern.columnType(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build()))
                .isEqualTo("Map(String, Int64)");
        assertThat(legacy.columnType(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build()))
                .isEqualTo("String");
        assertThat(modern.columnType(SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build()))
                .isEqualTo("String");
        // Wider than ClickHouse's Decimal, or a scale it cannot have (PostgreSQL 15's numeric(2, 5), numeric(5, -2)):
        // kept exact as text.
        assertThat(modern.columnType(Decimal.builder(2).parameter("connect.decimal.precision", "40").build()))
                .isEqualTo("String");
        assertThat(modern.columnType(Decimal.builder(5).parameter("connect.decimal.precision", "2").optional()
                .build())).isEqualTo("Nullable(String)");
        assertThat(legacy.columnType(Decimal.builder(-2).parameter("connect.decimal.precision", "5").build()))
                .isEqualTo("String");
    }

    @Test
    void createTableUsesIsDeletedOnlyWhereTheServerHasIt() {
        TableDdl.TableLayout layout = new TableDdl.TableLayout("storefront", "order-items.v2",
                List.of(new TableDdl.Column("id", "Int64"), new TableDdl.Column("_version", "UInt64"),
                        new TableDdl.Column("_is_deleted", "UInt8"), new TableDdl.Column("_event_date", "Date")),
                List.of("id"), "_version", "_is_deleted", "toYYYYMM(`_event_date`)");

        assertThat(TableDdl.createTable(layout, MODERN)).isEqualTo("""
                CREATE TABLE IF NOT EXISTS `storefront`.`order-items.v2` (
                  `id` Int64,
                  `_version` UInt64,
                  `_is_deleted` UInt8,
                  `_event_date` Date
                ) ENGINE = ReplacingMergeTree(`_version`, `_is_deleted`)
                PARTITION BY toYYYYMM(`_event_date`)
                ORDER BY (`id`)""");
        assertThat(TableDdl.createTable(layout, LEGACY)).contains("ENGINE = ReplacingMergeTree(`_version`)\n");
        assertThat(TableDdl.addColumn("storefront", "t", new TableDdl.Column("new col", "Nullable(String)")))
                .isEqualTo("ALTER TABLE `storefront`.`t` ADD COLUMN `new col` Nullable(String)");
    }
}
