package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The stage config changed (the connector created again under its name): a column it gains is added to the table,
 * and the rows from then on carry it; a column whose type it changes fails the task with the reason (the table is
 * left as it is), and with the config put right every row arrives once.
 */
@LocalStackTest
class StageEvolutionTest {

    private static final String WITH_VERSION = StageFixtures.STAGE.replace("    partition_by:",
            "      - {name: version, from: _version, type: long}\n    partition_by:");

    @Test
    void anAddedColumnEvolvesTheTableAndATypeChangeFailsTheTaskNamingTheColumn(LocalStack stack) {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "evo.public.orders";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 10));
        ConnectorDefinition original = StageFixtures.definition(stack, "evo-stage", topic);
        rest.putConnector(original);
        try {
            StageFixtures.awaitAllCommitted(stack, "evo-stage", "evo", topic);

            // Deleted and created again: rows produced right after a config update could still reach the old tasks.
            rest.deleteConnector("evo-stage");
            rest.putConnector(withStage(original, WITH_VERSION));
            stack.kafka().produce(topic, StageFixtures.orders(11, 20));
            StageFixtures.awaitAllCommitted(stack, "evo-stage", "evo", topic);
            assertThat(StageFixtures.table(stack, "evo", "orders").schema().findField("version").type())
                    .isEqualTo(Types.LongType.get());
            List<Record> rows = StageFixtures.rows(stack, "evo");
            StageFixtures.assertRowsAre(rows, 1, 20);
            assertThat(rows).allSatisfy(row -> assertThat(row.getField("version"))
                    .isEqualTo((Long) row.getField("id") > 10 ? row.getField("id") : null));

            rest.deleteConnector("evo-stage");
            rest.putConnector(withStage(original, WITH_VERSION.replace("{name: id, type: long}",
                    "{name: id, type: int}")));
            stack.kafka().produce(topic, StageFixtures.orders(21, 30));
            String trace = rest.awaitTaskFailure("evo-stage", StageFixtures.TIMEOUT);
            assertThat(trace).contains("Column 'id' of stage table").contains("is long but the stage config makes "
                    + "it int").contains("does not change a column's type");
            assertThat(StageFixtures.table(stack, "evo", "orders").schema().findField("id").type())
                    .isEqualTo(Types.LongType.get());

            // Put right the same way (a restart right after a config change can be refused as stale: 409).
            rest.deleteConnector("evo-stage");
            rest.putConnector(withStage(original, WITH_VERSION));
            StageFixtures.awaitAllCommitted(stack, "evo-stage", "evo", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "evo"), 1, 30);
        } finally {
            rest.deleteConnector("evo-stage");
        }
    }

    private static ConnectorDefinition withStage(ConnectorDefinition connector, String stage) {
        Map<String, String> config = new HashMap<>(connector.config());
        config.put(IcebergStageConfig.STAGE_CONFIG, stage);
        return new ConnectorDefinition(connector.name(), config);
    }
}
