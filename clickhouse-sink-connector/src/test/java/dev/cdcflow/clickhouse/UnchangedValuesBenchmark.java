package dev.cdcflow.clickhouse;

import dev.cdcflow.common.CdcColumns;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What an unchanged large (TOAST) value costs the ClickHouse sink: updates of a table whose every row holds an 8 kB
 * text, written by the sink's writer (no worker) either with the text in the event (as under REPLICA IDENTITY FULL)
 * or without it (the default identity: the sink reads the previous version's text from ClickHouse and writes it
 * again). Rounds of both alternate in one run; each prints rows/s. Run: scripts/bench-unchanged-values.sh
 * (-Dbench.keys=N, default 20,000; -Dbench.rounds=N, default 3).
 */
public final class UnchangedValuesBenchmark {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("docs.Value")
            .field("id", Schema.INT64_SCHEMA).field("n", Schema.INT32_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .field(CdcColumns.OP, Schema.STRING_SCHEMA).field(CdcColumns.VERSION, Schema.INT64_SCHEMA)
            .field(CdcColumns.DELETED, Schema.INT8_SCHEMA)
            .field(CdcColumns.UNCHANGED_COLUMNS, SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();
    private static final int BODY_CHARS = 8_192;

    private UnchangedValuesBenchmark() {
    }

    public static void main(String[] args) {
        JvmExit.runThenExit(UnchangedValuesBenchmark::benchmark);
    }

    private static void benchmark() {
        int keys = Integer.getInteger("bench.keys", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        try (LocalStack stack = LocalStack.fromSystemProperties().build().start();
             InProcessWriter writer = new InProcessWriter(stack, "toast_bench", Map.of("batch.max.rows", "5000",
                     "batch.max.wait.ms", "60000"), (record, table, error) -> {
                         throw error;
                     })) {
            long[] version = {1};
            long[] offset = {0};
            write(writer, keys, version, offset, "c", true);
            List<Double> sent = new ArrayList<>();
            List<Double> unchanged = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                sent.add(write(writer, keys, version, offset, "u", true));
                unchanged.add(write(writer, keys, version, offset, "u", false));
            }
            String bodies = stack.clickHouse().scalar("SELECT countIf(length(body) = " + BODY_CHARS + ") FROM "
                    + "toast_bench.docs FINAL");
            System.out.printf("%,d keys, an %,d-character text each; every round updates each key once, in batches "
                    + "of 5,000 rows%n", keys, BODY_CHARS);
            System.out.printf("text in the event (REPLICA IDENTITY FULL):   %s rows/s (rounds: %s)%n",
                    median(sent), sent);
            System.out.printf("text unchanged, read back from ClickHouse:   %s rows/s (rounds: %s)%n",
                    median(unchanged), unchanged);
            System.out.printf("rows holding their text after the last round: %s of %,d%n", bodies, keys);
        }
    }

    /** Writes one row per key and returns rows/s, the last flush included. */
    private static double write(InProcessWriter writer, int keys, long[] version, long[] offset, String op,
                                boolean withBody) {
        long start = System.nanoTime();
        for (long id = 1; id <= keys; id++) {
            Struct value = new Struct(VALUE).put("id", id).put("n", (int) version[0]).put(CdcColumns.OP, op)
                    .put(CdcColumns.VERSION, version[0]++).put(CdcColumns.DELETED, (byte) 0)
                    .put("body", withBody ? body(id) : null)
                    .put(CdcColumns.UNCHANGED_COLUMNS, withBody ? null : List.of("body"));
            writer.put(new SinkRecord("bench.public.docs", 0, KEY, new Struct(KEY).put("id", id), VALUE, value,
                    offset[0]++));
        }
        writer.writer().flushAll();
        return Math.round(keys / ((System.nanoTime() - start) / 1e9));
    }

    private static String body(long id) {
        char[] text = new char[BODY_CHARS];
        Arrays.fill(text, (char) ('a' + id % 26));
        return new String(text);
    }

    private static String median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("%,.0f", sorted.get(sorted.size() / 2));
    }
}
