package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With retry.max.attempts set, a ClickHouse that stays away stops the task with a message saying so. */
@LocalStackTest
class RetryLimitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":1}";
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"v\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":1,\"_version\":1}}";

    @Test
    void theTaskStopsOnceItsRetriesAreUsedUp(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().produce("retry.public.items", List.of(Map.entry(KEY, VALUE)));
        stack.clickHouse().stop();
        try {
            rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                    "CLICKHOUSE_SINK_NAME", "retry-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "retry\\.public\\.items",
                    "CLICKHOUSE_DATABASE", "retry")).with(Map.of("transforms", "", "retry.backoff.ms", "200",
                    "retry.max.attempts", "2", "clickhouse.timeout.ms", "1000")));

            String trace = rest.awaitTaskFailure("retry-sink", TIMEOUT);
            assertThat(trace).contains("Writing to ClickHouse failed 3 times in a row (retry.max.attempts=2)");
        } finally {
            stack.clickHouse().start();
            rest.deleteConnector("retry-sink");
        }
    }
}
