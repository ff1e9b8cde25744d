package dev.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableNamesTest {

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "${table}             | shop.sales.orders  | orders",
        "${schema}_${table}   | shop.sales.orders  | sales_orders",
        "${schema}_${table}   | shop.public.orders | public_orders",
        "${prefix}__${table}  | eu.shop.sales.orders | eu.shop__orders",
        "${topic}             | shop.sales.orders  | shop.sales.orders",
        "cdc_${table}         | orders             | cdc_orders",
        "${schema}_${table}   | orders             | _orders",
    })
    void formatIsFilledInFromTheTopicsParts(String format, String topic, String table) {
        assertThat(TableNames.of(format, List.of()).tableFor(topic)).isEqualTo(table);
    }

    @Test
    void explicitEntriesWinOverTheFormat() {
        TableNames names = TableNames.of("${schema}_${table}", List.of("shop.sales.orders:sales_orders_v2"));

        assertThat(names.tableFor("shop.sales.orders")).isEqualTo("sales_orders_v2");
        assertThat(names.mapsExplicitly("shop.sales.orders")).isTrue();
        assertThat(names.tableFor("shop.public.orders")).isEqualTo("public_orders");
    }

    @Test
    void unknownPlaceholdersAndStrayDollarsAreRefusedNamingTheKey() {
        for (String format : List.of("${database}_${table}", "$table", "", "${table")) {
            assertThatThrownBy(() -> TableNames.formatValidator().ensureValid("table.name.format", format))
                    .as(format).isInstanceOf(ConfigException.class).hasMessageContaining("table.name.format");
        }
        assertThatThrownBy(() -> TableNames.mapValidator().ensureValid("topic.table.map", List.of("orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic.table.map");
    }
}
