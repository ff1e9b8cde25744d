package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Connect type the sink maps, through a worker into the real server and back: the values ClickHouse holds
 * and the column types it chose. The server here is 18.16, so these are the mappings for servers without
 * DateTime64, Bool, Date32 and Map (the modern mappings are covered by the unit tests).
 */
@LocalStackTest
class TypeRoundTripTest {

    private static final String FIELDS = String.join(",",
            field("id", "\"int64\""), field("i8", "\"int8\""), field("i16", "\"int16\""), field("i32", "\"int32\""),
            field("f32", "\"float\""), field("f64", "\"double\""), field("flag", "\"boolean\""),
            field("text", "\"string\""), field("raw", "\"bytes\""),
            field("price", "\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":"
                    + "{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}"),
            field("day", "\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\""),
            field("clock", "\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\""),
            field("at", "\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\""),
            field("at_micros", "\"int64\",\"name\":\"io.debezium.time.MicroTimestamp\""),
            field("ref", "\"string\",\"parameters\":{\"cdcflow.semantic.type\":\"io.debezium.data.Uuid\"}"),
            field("scores", "\"array\",\"items\":{\"type\":\"int32\",\"optional\":false}"),
            field("attrs", "\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},"
                    + "\"values\":{\"type\":\"int64\",\"optional\":false}"),
            field("address", "\"struct\",\"fields\":[{\"field\":\"city\",\"type\":\"string\",\"optional\":false}]"),
            "{\"field\":\"missing\",\"type\":\"string\",\"optional\":true}",
            field("_version", "\"int64\""));
    private static final String PAYLOAD = "{\"id\":1,\"i8\":-8,\"i16\":-16,\"i32\":-32,\"f32\":1.5,\"f64\":2.25,"
            + "\"flag\":true,\"text\":\"käse \\\"quoted\\\"\",\"raw\":\"QUI=\",\"price\":\"BNI=\",\"day\":20413,"
            + "\"clock\":45296789,\"at\":1795234567890,\"at_micros\":1795234567890123,"
            + "\"ref\":\"6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d\",\"scores\":[1,2,3],\"attrs\":{\"a\":1},"
            + "\"address\":{\"city\":\"Oslo\"},\"missing\":null,\"_version\":1}";

    @Test
    void everyTypeIsWrittenAndReadBack(LocalStack stack) {
        String key = "{\"schema\":{\"type\":\"struct\",\"optional\":false,\"fields\":[" + field("id", "\"int64\"")
                + "]},\"payload\":{\"id\":1}}";
        String value = "{\"schema\":{\"type\":\"struct\",\"name\":\"types.Value\",\"optional\":false,\"fields\":["
                + FIELDS + "]},\"payload\":" + PAYLOAD + "}";
        stack.kafka().produce("types.public.all", List.of(Map.entry(key, value)));
        stack.connect().rest().putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "types-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "types\\.public\\.all",
                "CLICKHOUSE_DATABASE", "types")).with(Map.of("transforms", "")));
        ClickHouseServer clickHouse = stack.clickHouse();
        Await.until("the row in types.all", Duration.ofSeconds(90), () -> {
            try {
                return "1".equals(clickHouse.scalar("SELECT count() FROM types.all"));
            } catch (RuntimeException notYet) {
                return false;
            }
        });

        assertThat(clickHouse.rows("SELECT i8, i16, i32, f32, f64, flag, text, raw, price, day, clock, at, "
                + "at_micros, ref, scores, attrs, address, missing FROM types.all")).containsExactly(List.of(
                "-8", "-16", "-32", "1.5", "2.25", "1", "käse \"quoted\"", "AB", "12.34", "2025-11-21", "45296789",
                "1795234567890", "1795234567890123", "6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d", "[1,2,3]",
                "{\"a\":1}", "{\"city\":\"Oslo\"}", ClickHouseServer.NULL));
        assertThat(clickHouse.rows("SELECT name, type FROM system.columns WHERE database = 'types' AND table = 'all'"
                )).extracting(row -> row.get(0) + " " + row.get(1)).containsExactly(
                "id Int64", "i8 Int8", "i16 Int16", "i32 Int32", "f32 Float32", "f64 Float64", "flag UInt8",
                "text String", "raw String", "price Decimal(10, 2)", "day Date", "clock Int32", "at Int64",
                "at_micros Int64", "ref UUID", "scores Array(Int32)", "attrs String", "address String",
                "missing Nullable(String)", "_version UInt64");
        stack.connect().rest().deleteConnector("types-sink");
    }

    private static String field(String name, String type) {
        return "{\"field\":\"" + name + "\",\"type\":" + type + ",\"optional\":false}";
    }
}
