package dev.cdcflow.iceberg.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the stage config: what it makes of a good one, and the words it refuses a bad one with. */
class StageConfigTest {

    private static final String CUSTOMERS = """
            tables:
              customers:
                columns:
                  - {name: id, type: long}
                  - {name: mail, from: email, type: string}
                  - {name: created_at, type: timestamp}
                  - {name: balance, type: "decimal(10, 2)"}
                  - {name: signup_epoch, from: signup, type: timestamp, unit: millis}
                  - {name: event_date, from: _event_date, type: date}
                partition_by: [day(event_date), "bucket(8, id)"]
            """;

    @Test
    void aStageTableBecomesAnIcebergSchemaAndSpec() {
        StageTable table = StageConfig.parse(CUSTOMERS).table("customers");

        assertThat(table.columns()).extracting(StageColumn::name, StageColumn::source).containsExactly(
                tuple("id", "id"), tuple("mail", "email"), tuple("created_at", "created_at"),
                tuple("balance", "balance"), tuple("signup_epoch", "signup"), tuple("event_date", "_event_date"));
        assertThat(table.columns().get(4).unit()).isEqualTo(ValueCast.EpochUnit.MILLIS);
        Schema schema = table.schema();
        assertThat(schema.findField("created_at").type()).isEqualTo(Types.TimestampType.withZone());
        assertThat(schema.findField("balance").type()).isEqualTo(Types.DecimalType.of(10, 2));
        assertThat(schema.columns()).allMatch(Types.NestedField::isOptional);
        PartitionSpec spec = table.spec(schema);
        assertThat(spec.fields()).extracting(field -> field.transform().toString())
                .containsExactly("day", "bucket[8]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a type it does not know | type: string} | type: text}"
                + " | stage table 'customers', column 2 ('mail'), key 'type': unknown type 'text'",
        "a decimal too wide | decimal(10, 2) | decimal(40, 2) | key 'type': 'decimal(40, 2)' is not a decimal",
        "a transform the type cannot take | day(event_date) | hour(event_date)"
                + " | key 'partition_by', 'hour(event_date)': hour(event_date) does not apply to a date column",
        "a partition column it does not keep | day(event_date) | day(updated_at)"
                + " | 'day(updated_at)': 'updated_at' is not one of the table's columns",
        "an unknown transform | day(event_date) | week(event_date) | unknown partition transform 'week'",
        "a bucket without its number | bucket(8, id) | bucket(id) | bucket needs a number first",
        "an unknown key | partition_by: | partition: | stage table 'customers': unknown key 'partition'",
        "a column named twice | name: mail, from | name: id, from | column 2: 'id' is named twice",
        "a unit it does not know | unit: millis | unit: seconds | key 'unit': use millis or micros",
    })
    void mistakesAreRefusedNamingTheTableAndKey(String mistake, String from, String to, String message) {
        assertThatThrownBy(() -> StageConfig.parse(CUSTOMERS.replace(from, to)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aConfigWithoutTablesOrNotYamlIsRefused() {
        assertThatThrownBy(() -> StageConfig.parse("tables: {}")).hasMessageContaining("no tables");
        assertThatThrownBy(() -> StageConfig.parse("tables: [unclosed")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> StageConfig.parse("tables:\n  t:\n    columns: []"))
                .hasMessageContaining("stage table 't', key 'columns': a list of at least one column is needed");
    }

    @Test
    void partitionFieldsParseAsIcebergWritesThem() {
        assertThat(List.of("country", "identity(country)", "Day(event_date)", "truncate(4, sku)"))
                .extracting(PartitionField::parse).extracting(PartitionField::transform).containsExactly(
                        PartitionField.Transform.IDENTITY, PartitionField.Transform.IDENTITY,
                        PartitionField.Transform.DAY, PartitionField.Transform.TRUNCATE);
        assertThat(PartitionField.parse("truncate(4, sku)").width()).isEqualTo(4);
    }
}
