package dev.cdcflow.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.common.SchemaNames;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
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
                ServerCapabilities::replacingIsDeleted, ServerCapabilities::asyncInsert)
                .containsOnly(false);
        assertThat(MODERN).extracting(ServerCapabilities::dateTime64, ServerCapabilities::bool,
                ServerCapabilities::replacingIsDeleted, ServerCapabilities::asyncInsert)
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

    /** A Decimal schema of this scale, with the declared precision Debezium sends beside it. */
    private static SchemaBuilder decimal(int scale, String precision) {
        return Decimal.builder(scale).parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, precision);
    }

    /** The DDL text of the column type a mapper picks. */
    private interface DdlOf {
        String columnType(Schema schema);
    }

    @Test
    void connectTypesMapPerCapability() {
        DdlOf legacy = schema -> new TypeMapper(LEGACY).columnType(schema).ddl();
        DdlOf modern = schema -> new TypeMapper(MODERN).columnType(schema).ddl();

        assertThat(modern.columnType(Schema.INT64_SCHEMA)).isEqualTo("Int64");
        assertThat(modern.columnType(Schema.OPTIONAL_STRING_SCHEMA)).isEqualTo("Nullable(String)");
        assertThat(modern.columnType(decimal(2, "12").build()))
                .isEqualTo("Decimal(12, 2)");
        assertThat(modern.columnType(Decimal.builder(9).optional().build())).isEqualTo("Nullable(Decimal(38, 9))");
        assertThat(modern.columnType(Timestamp.SCHEMA)).isEqualTo("DateTime64(3, 'UTC')");
        assertThat(legacy.columnType(Timestamp.SCHEMA)).as("no DateTime64: exact epoch millis").isEqualTo("Int64");
        assertThat(modern.columnType(SchemaBuilder.int64().name(SchemaNames.DEBEZIUM_MICRO_TIMESTAMP).build()))
                .isEqualTo("DateTime64(6, 'UTC')");
        assertThat(modern.columnType(Date.SCHEMA)).isEqualTo("Date32");
        assertThat(legacy.columnType(Date.SCHEMA)).isEqualTo("Date");
        assertThat(modern.columnType(Time.SCHEMA)).isEqualTo("Int32");
        assertThat(modern.columnType(Schema.BOOLEAN_SCHEMA)).isEqualTo("Bool");
        assertThat(legacy.columnType(Schema.BOOLEAN_SCHEMA)).isEqualTo("UInt8");
        assertThat(modern.columnType(SchemaBuilder.string().parameter(SchemaNames.SEMANTIC_TYPE_PARAMETER,
                SchemaNames.DEBEZIUM_UUID).optional().build())).isEqualTo("Nullable(UUID)");
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
        assertThat(modern.columnType(decimal(2, "40").build()))
                .isEqualTo("String");
        assertThat(modern.columnType(decimal(5, "2").optional()
                .build())).isEqualTo("Nullable(String)");
        assertThat(legacy.columnType(decimal(-2, "5").build()))
                .isEqualTo("String");
    }

    @Test
    void eachColumnTypeConvertsValuesForItsOwnType() {
        TypeMapper modern = new TypeMapper(MODERN);
        TypeMapper legacy = new TypeMapper(LEGACY);
        java.util.Date noon = new java.util.Date(Instant.parse("2024-02-29T12:00:00.123Z").toEpochMilli());

        assertThat(modern.columnType(Timestamp.SCHEMA).conversion().convert(noon))
                .isEqualTo(ZonedDateTime.parse("2024-02-29T12:00:00.123Z"));
        assertThat(legacy.columnType(Timestamp.SCHEMA).conversion().convert(noon)).isEqualTo(noon.getTime());
        assertThat(modern.columnType(Date.SCHEMA).conversion().convert(noon))
                .isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(legacy.columnType(Schema.OPTIONAL_BOOLEAN_SCHEMA).conversion().convert(true)).isEqualTo(1);
        assertThat(modern.columnType(Schema.BOOLEAN_SCHEMA).conversion().convert(true)).isEqualTo(true);
        assertThat(modern.columnType(SchemaBuilder.array(Date.builder().optional().build()).build()).conversion()
                .convert(Arrays.asList(noon, null)))
                .isEqualTo(Arrays.asList(LocalDate.of(2024, 2, 29), null));
        assertThat(modern.columnType(SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build()).conversion()
                .convert(new Struct(SchemaBuilder.struct()
                        .field("a", Schema.INT32_SCHEMA).build()).put("a", 7))).isEqualTo("{\"a\":7}");
        assertThat(modern.columnType(decimal(2, "40").build())
                .conversion().convert(new BigDecimal("1E+3"))).isEqualTo("1000");
        // 2200 fits Date32 but not 18.16's Date: refused, not wrapped into another day.
        java.util.Date late = new java.util.Date(Instant.parse("2200-01-01T00:00:00Z").toEpochMilli());
        assertThat(modern.columnType(Date.SCHEMA).conversion().convert(late))
                .isEqualTo(LocalDate.of(2200, 1, 1));
        assertThatThrownBy(() -> legacy.columnType(Date.SCHEMA).conversion().convert(late))
                .hasMessageContaining("outside the range of ClickHouse's Date");
    }

    @Test
    void aDeclaredTypeIsTheColumnsTypeOnEveryServer() {
        for (ServerCapabilities server : List.of(LEGACY, MODERN)) {
            TypeMapper mapper = new TypeMapper(server);
            assertThat(mapper.columnType(declared(SchemaBuilder.int64(), "UInt32")).ddl()).isEqualTo("UInt32");
            assertThat(mapper.columnType(declared(SchemaBuilder.int32().optional(), "Nullable(UInt16)")).ddl())
                    .isEqualTo("Nullable(UInt16)");
            ColumnType dateTime = mapper.columnType(declared(Timestamp.builder(), "DateTime"));
            assertThat(dateTime.ddl()).isEqualTo("DateTime");
            assertThat(dateTime.conversion().convert(java.util.Date.from(Instant.parse("2024-03-01T10:00:00.900Z"))))
                    .isEqualTo(ZonedDateTime.parse("2024-03-01T10:00:00Z"));
        }
    }

    private static Schema declared(SchemaBuilder builder, String type) {
        return builder.parameter(SchemaNames.CLICKHOUSE_TYPE_PARAMETER, type).build();
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
        assertThat(TableDdl.addColumn("storefront", "t", new TableDdl.Column("new col", "Nullable(String)"), null))
                .isEqualTo("ALTER TABLE `storefront`.`t` ADD COLUMN `new col` Nullable(String)");
    }
}
