package dev.cdcflow.iceberg.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SourceCheckTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("price", Decimal.schema(2))
            .field("label", Schema.OPTIONAL_STRING_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("day", Date.SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();

    @Test
    void aConfigThatFitsTheRowsHasNoProblems() {
        StageTable table = table("""
                - {name: id, type: long}
                - {name: id_text, from: id, type: string}
                - {name: created, from: id, type: timestamp}
                - {name: price, type: "decimal(12, 2)"}
                - {name: price_double, from: price, type: double}
                - {name: label, type: "decimal(10, 0)"}
                - {name: flag, type: boolean}
                - {name: day, type: date}
                - {name: at, from: day, type: timestamp}
                - {name: blob, type: string}
                - {name: tags, type: string}
                """);
        assertThat(SourceCheck.problems(table, ROW, "topic 't'")).isEmpty();
    }

    @Test
    void aMissingFieldIsNamedWithTheTableTheKeyAndTheFieldsThereAre() {
        StageTable table = table("""
                - {name: id, type: long}
                - {name: total, from: totl, type: "decimal(12, 2)"}
                """);
        assertThat(SourceCheck.problems(table, ROW, "topic 'shop.orders'")).containsExactly(
                "stage table 'orders', key 'columns[1]' (column 'total'): the rows of topic 'shop.orders' have no "
                        + "field 'totl'; they have id, price, label, flag, blob, day, tags");
    }

    @Test
    void castsNoValueOfTheFieldCouldTakeAreRefused() {
        StageTable table = table("""
                - {name: flag, type: "decimal(3, 0)"}
                - {name: blob, type: long}
                - {name: day, type: int}
                - {name: tags, type: timestamp}
                """);
        List<String> problems = SourceCheck.problems(table, ROW, "topic 't'");
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo("stage table 'orders', key 'columns[0]' (column 'flag'): field 'flag' "
                + "of topic 't' is boolean, which cannot be cast to decimal(3, 0)");
        assertThat(problems.get(1)).contains("field 'blob' of topic 't' is bytes, which cannot be cast to long");
        assertThat(problems.get(2)).contains("field 'day' of topic 't' is int32 (org.apache.kafka.connect.data.Date)"
                + ", which cannot be cast to int");
        assertThat(problems.get(3)).contains("key 'columns[3]'").contains("array, which cannot be cast to timestamp");
    }

    private static StageTable table(String columns) {
        String yaml = "tables:\n  orders:\n    columns:\n" + columns.indent(6);
        return StageConfig.parse(yaml).table("orders");
    }
}
