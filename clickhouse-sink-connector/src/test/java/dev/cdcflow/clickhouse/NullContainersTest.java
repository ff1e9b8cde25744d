package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A NULL array (legal in any PostgreSQL array column, e.g. text[]) or map: ClickHouse has no Nullable(Array) or
 * Nullable(Map), so the sink writes it empty, and the task goes on.
 */
@LocalStackTest
class NullContainersTest {

    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"nulls.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":true},"
            + "\"optional\":true},"
            + "{\"field\":\"scores\",\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},"
            + "\"optional\":true},"
            + "{\"field\":\"attrs\",\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},"
            + "\"values\":{\"type\":\"int64\",\"optional\":false},\"optional\":true},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false}]}";

    @Test
    void nullArraysAndMapsAreWrittenEmpty(LocalStack stack) {
        stack.kafka().produce("nulls.public.tagged", List.of(
                record(1, "\"tags\":null,\"scores\":null,\"attrs\":null"),
                record(2, "\"tags\":[\"a\",null],\"scores\":[1,2],\"attrs\":{\"k\":1}")));
        PlainSink.register(stack, "nulls-sink", "nulls\\.public\\.tagged", "nulls");
        try {
            PlainSink.awaitRows(stack, "nulls.tagged", 2);
            assertThat(stack.clickHouse().rows("SELECT id, tags, scores, attrs FROM nulls.tagged ORDER BY id"))
                    .containsExactly(List.of("1", "[]", "[]", "{}"), List.of("2", "['a',NULL]", "[1,2]", "{\"k\":1}"));
            assertThat(stack.connect().rest().status("nulls-sink").path("tasks").get(0).path("state").asText())
                    .isEqualTo("RUNNING");
        } finally {
            stack.connect().rest().deleteConnector("nulls-sink");
        }
    }

    private static Map.Entry<String, String> record(long id, String fields) {
        String key = "{\"schema\":{\"type\":\"struct\",\"optional\":false,\"fields\":[{\"field\":\"id\","
                + "\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":" + id + "}}";
        return Map.entry(key, "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"id\":" + id + "," + fields
                + ",\"_version\":1}}");
    }
}
