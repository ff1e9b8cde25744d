package dev.cdcflow.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnReferencesTest {

    @Test
    void anExpressionNamesItsColumnsNotItsFunctionsOrStrings() {
        assertThat(ColumnReferences.in("toYYYYMM(`_event_date`)")).containsExactly("_event_date");
        assertThat(ColumnReferences.in("(toYYYYMM(day), intDiv(id, 1000))")).containsExactly("day", "id");
        assertThat(ColumnReferences.in("tuple()")).isEmpty();
        assertThat(ColumnReferences.in("toYYYYMM(toTimeZone(at, 'Europe/Oslo'))")).containsExactly("at");
        assertThat(ColumnReferences.in("`odd name`, id")).containsExactly("odd name", "id");
    }
}
