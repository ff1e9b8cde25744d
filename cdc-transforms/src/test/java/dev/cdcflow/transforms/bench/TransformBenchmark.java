package dev.cdcflow.transforms.bench;

import dev.cdcflow.transforms.DebeziumFixtures;
import dev.cdcflow.transforms.FlattenChangeEvent;
import dev.cdcflow.transforms.ValidateRow;
import io.debezium.transforms.ExtractNewRecordState;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our transforms against Debezium's ExtractNewRecordState, side by side on the same change events captured from
 * the real Debezium PostgreSQL connector (a 23-column table of every type). Run: scripts/bench-transforms.sh
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransformBenchmark {

    /** Ten rules that the snapshot row passes: the cost of validating a valid row. */
    static final String TEN_RULES = "all_types.id required; all_types.id min 1; all_types.price min 0; "
            + "all_types.price max 1000000; all_types.status in pending,paid,shipped; all_types.note max-length 100; "
            + "all_types.code pattern [A-Z][0-9]+; all_types.code min-length 2; all_types.created_at not-future; "
            + "all_types.external_id required";

    private SinkRecord[] events;
    private SinkRecord flatValidRow;
    private FlattenChangeEvent<SinkRecord> flatten;
    private FlattenChangeEvent<SinkRecord> flattenRaw;
    private ExtractNewRecordState<SinkRecord> debezium;
    private ValidateRow<SinkRecord> validate;

    @Setup
    public void setUp() {
        // Records of one converter share their Schema instances, as they do in a worker.
        events = new SinkRecord[] {DebeziumFixtures.record("insert"), DebeziumFixtures.record("update"),
            DebeziumFixtures.record("delete")};
        flatten = new FlattenChangeEvent<>();
        flatten.configure(Map.of());
        // Our flatten with every option that costs time turned off: extraction and metadata only.
        flattenRaw = new FlattenChangeEvent<>();
        flattenRaw.configure(Map.of("time.precision", "micros", "variable.scale.decimal.handling", "string",
                "semantic.types", "keep", "event.date.field", "", "event.date.source.field", ""));
        debezium = new ExtractNewRecordState<>();
        debezium.configure(Map.of("add.fields", "op,lsn,source.ts_ms", "delete.tombstone.handling.mode", "rewrite"));
        validate = new ValidateRow<>();
        validate.configure(Map.of("rules", TEN_RULES));
        flatValidRow = flatten.apply(DebeziumFixtures.record("snapshot"));
        if (validate.apply(flatValidRow) != flatValidRow) {
            throw new IllegalStateException("The benchmark row must pass the ten rules");
        }
    }

    @TearDown
    public void tearDown() {
        flatten.close();
        flattenRaw.close();
        debezium.close();
        validate.close();
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void flattenChangeEvent(Blackhole sink) {
        for (SinkRecord event : events) {
            sink.consume(flatten.apply(event));
        }
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void flattenChangeEventNoNormalization(Blackhole sink) {
        for (SinkRecord event : events) {
            sink.consume(flattenRaw.apply(event));
        }
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void debeziumExtractNewRecordState(Blackhole sink) {
        for (SinkRecord event : events) {
            sink.consume(debezium.apply(event));
        }
    }

    @Benchmark
    public SinkRecord validateRowTenRulesValid() {
        return validate.apply(flatValidRow);
    }
}
