package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The version and is-deleted columns read from system.tables.engine_full, as servers from 18.16 to 25.x print it. */
class ExistingTableTest {

    @Test
    void plainEngineArgumentsAreTheColumns() {
        assertThat(ExistingTable.engineColumns("ReplacingMergeTree",
                "ReplacingMergeTree(_version) PARTITION BY toYYYYMM(d) ORDER BY id SETTINGS index_granularity = 8192"))
                .containsExactly("_version");
        assertThat(ExistingTable.engineColumns("ReplacingMergeTree",
                "ReplacingMergeTree(`the version`, _is_deleted) ORDER BY id")).containsExactly("the version",
                "_is_deleted");
    }

    @Test
    void replicatedEnginesSkipTheirPathAndReplica() {
        assertThat(ExistingTable.engineColumns("ReplicatedReplacingMergeTree",
                "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/t, (x)', '{replica}', ver, del) "
                        + "ORDER BY id")).containsExactly("ver", "del");
        assertThat(ExistingTable.engineColumns("SharedReplacingMergeTree",
                "SharedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', _version) ORDER BY id"))
                .containsExactly("_version");
    }

    @Test
    void anEngineWithoutArgumentsHasNoVersion() {
        assertThat(ExistingTable.engineColumns("ReplacingMergeTree", "ReplacingMergeTree ORDER BY id")).isEmpty();
        assertThat(ExistingTable.engineColumns("ReplacingMergeTree", "ReplacingMergeTree() ORDER BY id")).isEmpty();
    }
}
