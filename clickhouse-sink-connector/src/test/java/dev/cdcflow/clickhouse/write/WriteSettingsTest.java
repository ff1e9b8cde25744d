package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The settings every write of the sink carries, per server: what the tests' ClickHouse (18.16) cannot show by
 * itself, since it has neither async inserts nor a deduplicating engine without ZooKeeper.
 */
class WriteSettingsTest {

    @Test
    void writesSwitchOffDeduplicationEverywhereAndAsyncInsertsWhereTheServerHasThem() {
        assertThat(serverSettings("18.16.1")).isEqualTo(Map.of("insert_deduplicate", "0"));
        assertThat(serverSettings("21.11.1")).isEqualTo(Map.of("insert_deduplicate", "0", "async_insert", "0"));
        assertThat(serverSettings("25.8.2")).isEqualTo(Map.of("insert_deduplicate", "0", "async_insert", "0"));
    }

    @Test
    void readsAndDdlCarryNone() {
        assertThat(new ClickHouseSql(null, 1_000).insertSettings().getAllSettings().keySet())
                .noneMatch(key -> key.contains("insert_deduplicate") || key.contains("async_insert"));
    }

    /** The server settings of an insert, by their names. */
    private static Map<String, String> serverSettings(String version) {
        ClickHouseSql sql = new ClickHouseSql(null, 1_000).forWrites(ServerCapabilities.of(ServerVersion.parse(
                version)));
        Map<String, String> settings = new TreeMap<>();
        sql.insertSettings().getAllSettings().forEach((key, value) -> {
            for (String name : new String[] {"insert_deduplicate", "async_insert"}) {
                if (key.endsWith(name)) {
                    settings.put(name, String.valueOf(value));
                }
            }
        });
        return settings;
    }
}
