package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The chain every sink template uses, flatten then validate, on events from the real Debezium. */
class FlattenAndValidateChainTest {

    @Test
    void flattenedRowsAreValidatedAndTheBadOneIsRouted() {
        try (FlattenChangeEvent<SinkRecord> flatten = new FlattenChangeEvent<>();
             ValidateRow<SinkRecord> validate = new ValidateRow<>()) {
            flatten.configure(Map.of());
            validate.configure(Map.of("rules", "all_types.price min 0; all_types.status in pending,paid,shipped"));

            SinkRecord snapshot = validate.apply(flatten.apply(DebeziumFixtures.record("snapshot", 10)));
            SinkRecord insert = validate.apply(flatten.apply(DebeziumFixtures.record("insert", 11)));

            assertThat(snapshot.topic()).isEqualTo("fixtures.public.all_types");
            assertThat(insert.topic()).isEqualTo("fixtures.public.all_types.rejected");
            Struct rejected = (Struct) insert.value();
            assertThat(rejected.getInt64("offset")).isEqualTo(11L);
            List<Struct> problems = rejected.getArray("problems");
            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.getString("column")).isEqualTo("price");
                assertThat(problem.getString("error_code")).isEqualTo("BELOW_MIN");
                assertThat(problem.getString("observed")).isEqualTo("-9999999999.99");
            });
            assertThat(rejected.getString("payload")).contains("\"_op\":\"c\"").contains("\"id\":2");
        }
    }
}
