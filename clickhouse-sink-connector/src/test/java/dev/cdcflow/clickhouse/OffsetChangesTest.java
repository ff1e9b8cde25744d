package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The sink resumes from the offsets it stored in ClickHouse, so those must follow what a user asks of Connect: an
 * offset reset or change through the REST API (KIP-875) replaces them, and a topic deleted and created again is read
 * from its start rather than from the old topic's offsets.
 */
@LocalStackTest
class OffsetChangesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Schema ROW = SchemaBuilder.struct().name("items.Value").field("id", Schema.INT64_SCHEMA)
            .field("generation", Schema.STRING_SCHEMA).field("_version", Schema.INT64_SCHEMA).build();

    @Test
    void anOffsetResetOrChangeThroughTheRestApiIsWhereTheSinkResumes(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        String topic = "reset.public.items";
        stack.kafka().produce(topic, rows(1, 6, "first"));
        PlainSink.register(stack, "reset-sink", "reset\\.public\\.items", "reset");
        try {
            PlainSink.awaitRows(stack, "reset.items", 6);

            // Reset: everything is read again into a table emptied meanwhile.
            rest.stopConnector("reset-sink");
            rest.awaitState("reset-sink", "STOPPED", 0, TIMEOUT);
            stack.clickHouse().execute("DROP TABLE reset.items");
            rest.resetOffsets("reset-sink");
            rest.resume("reset-sink");
            PlainSink.awaitRows(stack, "reset.items", 6);

            // A new position: from offset 4 on (ids 5 and 6).
            rest.stopConnector("reset-sink");
            rest.awaitState("reset-sink", "STOPPED", 0, TIMEOUT);
            stack.clickHouse().execute("DROP TABLE reset.items");
            rest.alterSinkOffset("reset-sink", topic, 0, 4);
            rest.resume("reset-sink");
            PlainSink.awaitRows(stack, "reset.items", 2);
            assertThat(stack.clickHouse().rows("SELECT id FROM reset.items ORDER BY id"))
                    .containsExactly(List.of("5"), List.of("6"));
        } finally {
            rest.deleteConnector("reset-sink");
        }
    }

    @Test
    void aTopicDeletedAndCreatedAgainIsReadFromItsStart(LocalStack stack) throws Exception {
        ConnectRestClient rest = stack.connect().rest();
        String shorter = "recreated.public.shorter";
        String longer = "recreated.public.longer";
        stack.kafka().produce(shorter, rows(1, 8, "old"));
        stack.kafka().produce(longer, rows(1, 3, "old"));
        PlainSink.register(stack, "recreated-sink", "recreated\\.public\\.(shorter|longer)", "recreated");
        try {
            PlainSink.awaitRows(stack, "recreated.shorter", 8);
            PlainSink.awaitRows(stack, "recreated.longer", 3);
            rest.stopConnector("recreated-sink");
            rest.awaitState("recreated-sink", "STOPPED", 0, TIMEOUT);

            stack.kafka().admin().deleteTopics(Set.of(shorter, longer)).all().get();
            Await.until("the topics gone", TIMEOUT, () -> !stack.kafka().topics().contains(shorter)
                    && !stack.kafka().topics().contains(longer));
            // The new topics: one shorter than the old (the stored offset is past its end), one longer (a record
            // of the new topic sits at the stored offset).
            stack.kafka().produce(shorter, rows(101, 103, "new"));
            stack.kafka().produce(longer, rows(101, 106, "new"));
            rest.resume("recreated-sink");

            PlainSink.awaitRows(stack, "recreated.shorter", 8 + 3);
            PlainSink.awaitRows(stack, "recreated.longer", 3 + 6);
            assertThat(stack.clickHouse().rows("SELECT id FROM recreated.longer WHERE generation = 'new' ORDER BY id"))
                    .extracting(row -> row.get(0)).containsExactly("101", "102", "103", "104", "105", "106");
            assertThat(stack.clickHouse().rows("SELECT id FROM recreated.shorter WHERE generation = 'new' "
                    + "ORDER BY id")).extracting(row -> row.get(0)).containsExactly("101", "102", "103");
        } finally {
            rest.deleteConnector("recreated-sink");
        }
    }

    private static List<Map.Entry<String, String>> rows(long firstId, long lastId, String generation) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        for (long id = firstId; id <= lastId; id++) {
            rows.add(JsonRecords.keyed(id, ROW,
                    new Struct(ROW).put("id", id).put("generation", generation).put("_version", 1L)));
        }
        return rows;
    }
}
