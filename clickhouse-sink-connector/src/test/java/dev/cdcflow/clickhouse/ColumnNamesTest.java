package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Field names that are legal in Connect (and PostgreSQL, quoted) but not bare ClickHouse identifiers go through the
 * real insert path: the table is created with them, the INSERT names them, and every value lands in its column.
 */
@LocalStackTest
class ColumnNamesTest {

    /** Backtick, quotes, dash, space, dot, upper case, a reserved word, a backslash, non-ASCII letters. */
    private static final List<String> NAMES = List.of("with`backtick", "with\"quote", "it's", "dash-name",
            "space name", "dot.name", "UPPER", "select", "back\\slash", "naïve_größe");

    @Test
    void everyLegalFieldNameIsCreatedInsertedAndReadBack(LocalStack stack) {
        String fields = NAMES.stream().map(name -> "{\"field\":\"" + json(name) + "\",\"type\":\"string\","
                + "\"optional\":false}").collect(Collectors.joining(","));
        String values = NAMES.stream().map(name -> "\"" + json(name) + "\":\"value of " + json(name) + "\"")
                .collect(Collectors.joining(","));
        String key = "{\"schema\":{\"type\":\"struct\",\"optional\":false,\"fields\":[{\"field\":\"id\","
                + "\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":1}}";
        String value = "{\"schema\":{\"type\":\"struct\",\"name\":\"names.Value\",\"optional\":false,\"fields\":["
                + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}," + fields
                + ",{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":1,"
                + values + ",\"_version\":1}}";
        stack.kafka().produce("names.public.odd", List.of(Map.entry(key, value)));
        PlainSink.register(stack, "names-sink", "names\\.public\\.odd", "names");
        try {
            PlainSink.awaitRows(stack, "names.odd", 1);
            String selected = NAMES.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            assertThat(stack.clickHouse().rows("SELECT " + selected + " FROM names.odd"))
                    .containsExactly(NAMES.stream().map(name -> "value of " + name).toList());
            assertThat(stack.clickHouse().rows("SELECT name FROM system.columns WHERE database = 'names' "
                    + "AND table = 'odd'")).extracting(row -> row.get(0)).containsAll(NAMES);
        } finally {
            stack.connect().rest().deleteConnector("names-sink");
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
