package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickHouseSinkConfigTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "clickhouse.url        | clickhouse:8123",
        "clickhouse.url        | ftp://clickhouse",
        "clickhouse.database   | ''",
        "clickhouse.timeout.ms | 10",
        "table.name.format     | ${database}_${table}",
        "table.name.format     | $table",
        "topic.table.map       | orders",
        "version.column        | ''",
        "batch.max.rows        | 0",
        "batch.max.bytes       | 100",
        "batch.max.wait.ms     | -1",
        "retry.max.attempts    | -1",
        "clickhouse.ssl.truststore.type | PEM",
        "auto.create           | maybe",
    })
    void invalidValueIsRefusedNamingTheKey(String key, String value) {
        Map<String, String> config = new HashMap<>(Map.of("clickhouse.url", "http://clickhouse:8123"));
        config.put(key, value);

        ConfigValue result = new ClickHouseSinkConnector().validate(config).configValues().stream()
                .filter(candidate -> candidate.name().equals(key)).findFirst().orElseThrow();
        assertThat(result.errorMessages()).isNotEmpty().allMatch(message -> message.contains(key));
    }

    @Test
    void urlIsRequiredAndPasswordIsSecret() {
        ConfigValue url = new ClickHouseSinkConnector().validate(Map.of()).configValues().stream()
                .filter(candidate -> candidate.name().equals("clickhouse.url")).findFirst().orElseThrow();
        assertThat(url.errorMessages()).isNotEmpty().allMatch(message -> message.contains("clickhouse.url"));
        assertThat(ClickHouseSinkConfig.CONFIG_DEF.configKeys().get("clickhouse.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(ClickHouseSinkConfig.CONFIG_DEF.configKeys().get("clickhouse.ssl.truststore.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void topicsMapToTables() {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(Map.of("clickhouse.url", "http://ch:8123",
                "topic.table.map", "storefront.public.order_items:items"));

        assertThat(config.tableFor("storefront.public.orders")).isEqualTo("orders");
        assertThat(config.tableFor("storefront.public.order_items")).isEqualTo("items");
        assertThat(new ClickHouseSinkConfig(Map.of("clickhouse.url", "http://ch:8123", "table.name.format",
                "cdc_${topic}")).tableFor("a.b")).isEqualTo("cdc_a.b");
        assertThat(new ClickHouseSinkConfig(Map.of("clickhouse.url", "http://ch:8123", "table.name.format",
                "${schema}_${table}")).tableFor("shop.sales.orders")).isEqualTo("sales_orders");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        ConfigValue url = new ClickHouseSinkConnector().validate(Map.of("clickhouse.url",
                "https://writer:s3cret@clickhouse:8443")).configValues().stream()
                .filter(candidate -> candidate.name().equals("clickhouse.url")).findFirst().orElseThrow();

        assertThat(url.errorMessages()).hasSize(1).allMatch(message -> message.contains("clickhouse.url")
                && message.contains("clickhouse.password") && !message.contains("s3cret"));
    }

    @ParameterizedTest(name = "{0} = {1} with {2} = {3}")
    @CsvSource(delimiter = '|', value = {
        "partition.by      | toYYYYMM(created_at)       | key.columns       | id",
        "table.name.format | ${table}                   | topics            | a.public.orders,b.public.orders",
    })
    void optionsThatContradictEachOtherAreRefusedNamingTheKey(String key, String value, String otherKey,
                                                              String otherValue) {
        Map<String, String> config = new HashMap<>(Map.of("clickhouse.url", "http://clickhouse:8123", key, value,
                otherKey, otherValue));

        ConfigValue result = new ClickHouseSinkConnector().validate(config).configValues().stream()
                .filter(candidate -> candidate.name().equals(key)).findFirst().orElseThrow();
        assertThat(result.errorMessages()).singleElement().asString().contains(key);
        assertThatThrownBy(() -> new ClickHouseSinkConnector().start(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void aPartitionOverKeyColumnsAndTopicsWithTablesOfTheirOwnAreAccepted() {
        Map<String, String> config = Map.of("clickhouse.url", "http://clickhouse:8123", "partition.by",
                "toYYYYMM(`created_at`)", "key.columns", "created_at,id", "topics",
                "a.public.orders,b.public.orders", "topic.table.map", "b.public.orders:b_orders");

        assertThat(new ClickHouseSinkConnector().validate(config).configValues())
                .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }
}
