package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.ClickHouseClients;
import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * Several tasks (or connectors) meeting the same new fields at the same moment: each looks at system.columns, finds
 * the columns missing and adds them; the ones that lose the race must take the winner's columns and go on.
 */
@LocalStackTest
class ConcurrentEvolutionTest {

    private static final int WRITERS = 6;
    private static final int ROUNDS = 3;
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

    @Test
    void writersAddingTheSameColumnsAtOnceAllTakeThem(LocalStack stack) throws Exception {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(Map.of(
                ClickHouseSinkConfig.URL_CONFIG, stack.clickHouse().httpUrl(),
                ClickHouseSinkConfig.DATABASE_CONFIG, "evolve_race"));
        // As the sink's wiring does before any table (SinkWriting: the offsets store makes the database).
        stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS evolve_race");
        List<Client> clients = new ArrayList<>();
        List<TableManager> managers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            Client client = ClickHouseClients.create(config);
            clients.add(client);
            ClickHouseSql sql = new ClickHouseSql(client, 30_000);
            managers.add(new TableManager(sql, config, ServerCapabilities.of(
                    ServerVersion.parse(sql.rows("SELECT version()").get(0).get(0)))));
        }
        managers.get(0).planFor("items", KEY, schema(0));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                Schema evolved = schema(round);
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<InsertPlan>> plans = new ArrayList<>();
                for (TableManager manager : managers) {
                    plans.add(pool.submit(() -> {
                        start.await();
                        return manager.planFor("items", KEY, evolved);
                    }));
                }
                for (Future<InsertPlan> plan : plans) {
                    assertThat(plan.get().quotedColumns()).hasSize(evolved.fields().size());
                }
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Client::close);
        }
        assertThat(stack.clickHouse().rows("SELECT name, type FROM system.columns WHERE database = 'evolve_race' "
                + "AND table = 'items'")).extracting(row -> row.get(0) + " " + row.get(1))
                .containsExactly("id Int64", "_version UInt64", "note_1_a Nullable(String)",
                        "note_1_b Nullable(Int32)", "note_2_a Nullable(String)", "note_2_b Nullable(Int32)",
                        "note_3_a Nullable(String)", "note_3_b Nullable(Int32)");
    }

    /** The schema of round {@code round}: two more optional fields each round. */
    private static Schema schema(int round) {
        SchemaBuilder builder = SchemaBuilder.struct().name("items.Value")
                .field("id", Schema.INT64_SCHEMA).field("_version", Schema.INT64_SCHEMA);
        for (int i = 1; i <= round; i++) {
            builder.field("note_" + i + "_a", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("note_" + i + "_b", Schema.OPTIONAL_INT32_SCHEMA);
        }
        return builder.build();
    }
}
