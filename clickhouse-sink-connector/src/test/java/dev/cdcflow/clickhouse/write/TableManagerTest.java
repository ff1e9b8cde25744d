package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableManagerTest {

    @Test
    void partitionExpressionNamesItsColumnsNotItsFunctions() {
        assertThat(TableManager.columnsReferenced("toYYYYMM(`_event_date`)")).containsExactly("_event_date");
        assertThat(TableManager.columnsReferenced("(toYYYYMM(day), intDiv(id, 1000))"))
                .containsExactlyInAnyOrder("day", "id");
        assertThat(TableManager.columnsReferenced("tuple()")).isEmpty();
        assertThat(TableManager.columnsReferenced("toYYYYMM(toTimeZone(at, 'Europe/Oslo'))")).containsExactly("at");
    }
}
