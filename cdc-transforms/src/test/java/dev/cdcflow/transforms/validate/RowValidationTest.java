package dev.cdcflow.transforms.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.ErrorCode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowValidationTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String TOPIC = "storefront.public.orders";
    private static final Schema ORDER = SchemaBuilder.struct().name("orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("quantity", Schema.OPTIONAL_INT32_SCHEMA)
            .field("total", Decimal.builder(2).optional().build())
            .field("discount", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("code", Schema.OPTIONAL_STRING_SCHEMA)
            .field("placed_at", Timestamp.builder().optional().build())
            .build();
    private static final Schema DELETABLE = SchemaBuilder.struct().name("customers.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("_is_deleted", Schema.INT8_SCHEMA)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validRowPassesUnchanged() {
        SinkRecord record = order(validOrder());

        assertThat(validation(Map.of("rules", "orders.status in pending,paid; orders.total min 0")).apply(record))
                .isSameAs(record);
    }

    @ParameterizedTest(name = "{0} on {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "orders.status required            | status    | <null>              | REQUIRED_MISSING",
        "orders.code type int64            | code      | 12a                 | TYPE_MISMATCH",
        "orders.code type int32            | code      | 99999999999         | TYPE_MISMATCH",
        "orders.code type timestamp        | code      | yesterday           | TYPE_MISMATCH",
        "orders.quantity min 1             | quantity  | 0                   | BELOW_MIN",
        "orders.quantity max 100           | quantity  | 101                 | ABOVE_MAX",
        "orders.total min 0                | total     | -0.01               | BELOW_MIN",
        "orders.total max 1000.5           | total     | 1000.51             | ABOVE_MAX",
        "orders.discount max 0.5           | discount  | 0.75                | ABOVE_MAX",
        "orders.code min 0                 | code      | abc                 | TYPE_MISMATCH",
        "orders.code min-length 3          | code      | ab                  | TOO_SHORT",
        "orders.code max-length 3          | code      | äöüß                | TOO_LONG",
        "orders.email pattern [^@\\s]+@[^@\\s]+ | email | not-an-email      | PATTERN_MISMATCH",
        "orders.status in pending, paid    | status    | lost                | NOT_ALLOWED",
        "orders.placed_at not-future       | placed_at | 2026-11-21T12:00:01Z | IN_FUTURE",
        "orders.placed_at not-future 60    | placed_at | 2026-11-21T12:01:01Z | IN_FUTURE",
    })
    void brokenRuleIsReportedWithItsCode(String rules, String column, String value, ErrorCode code) {
        Struct row = validOrder();
        row.put(column, typed(column, value));

        List<Problem> problems = new RowValidator(RuleParser.parse(rules, clock()), 8).validate(TOPIC, row);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).column()).isEqualTo(column);
        assertThat(problems.get(0).code()).isEqualTo(code);
        assertThat(problems.get(0).message()).startsWith(column);
    }

    @ParameterizedTest(name = "{0} passes {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "orders.code type int64         | code      | -42",
        "orders.code type decimal       | code      | 12.50",
        "orders.code type boolean       | code      | TRUE",
        "orders.code type timestamp     | code      | 2026-01-01T00:00:00+01:00",
        "orders.quantity min 1          | quantity  | 1",
        "orders.total max 1000.5        | total     | 1000.50",
        "orders.code max-length 3       | code      | äöü",
        "orders.placed_at not-future    | placed_at | 2026-11-21T12:00:00Z",
        "orders.placed_at not-future 60 | placed_at | 2026-11-21T12:01:00Z",
        "orders.status in pending,paid  | status    | <null>",
    })
    void valueWithinTheRulePasses(String rules, String column, String value) {
        Struct row = validOrder();
        row.put(column, typed(column, value));

        assertThat(new RowValidator(RuleParser.parse(rules, clock()), 8).validate(TOPIC, row)).isEmpty();
    }

    @Test
    void routeModeSendsARejectedRowWithEveryProblemAndThePayload() throws Exception {
        Struct row = validOrder().put("status", "lost").put("total", new BigDecimal("-5.00"));
        SinkRecord record = new SinkRecord(TOPIC, 3, Schema.INT64_SCHEMA, 42L, ORDER, row, 1234L, 99L, null);

        SinkRecord rejected = validation(Map.of("rules", "orders.status in pending,paid; orders.total min 0"))
                .apply(record);

        assertThat(rejected.topic()).isEqualTo(TOPIC + ".rejected");
        assertThat(rejected.key()).isEqualTo(42L);
        Struct value = (Struct) rejected.value();
        assertThat(value.schema()).isEqualTo(RejectedRows.SCHEMA);
        assertThat(value.getString("topic")).isEqualTo(TOPIC);
        assertThat(value.getInt32("partition")).isEqualTo(3);
        assertThat(value.getInt64("offset")).isEqualTo(1234L);
        assertThat(value.getString("key")).isEqualTo("42");
        List<Struct> problems = value.getArray("problems");
        assertThat(problems).extracting(problem -> problem.getString("column")).containsExactly("status", "total");
        assertThat(problems.get(0).getString("error_code")).isEqualTo("NOT_ALLOWED");
        assertThat(problems.get(0).getString("expected")).isEqualTo("in pending,paid");
        assertThat(problems.get(0).getString("observed")).isEqualTo("lost");
        assertThat(problems.get(1).getString("message")).isEqualTo("total is -5.00, below the minimum 0");
        JsonNode payload = JSON.readTree(value.getString("payload"));
        assertThat(payload.path("status").asText()).isEqualTo("lost");
        assertThat(payload.path("total").decimalValue()).isEqualByComparingTo("-5.00");
    }

    @Test
    void failModeThrowsADataExceptionThatSaysWhy() {
        SinkRecord record = order(validOrder().put("quantity", 0));

        assertThatThrownBy(() -> validation(Map.of("rules", "orders.quantity min 1", "on.invalid", "fail"))
                .apply(record))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid row on " + TOPIC + ": BELOW_MIN: quantity is 0, below the minimum 1");
    }

    @Test
    void dropModeDropsAndCounts() {
        RowValidation validation = validation(Map.of("rules", "orders.quantity min 1", "on.invalid", "drop"));

        assertThat(validation.apply(order(validOrder().put("quantity", 0)))).isNull();
        assertThat(validation.apply(order(validOrder()))).isNotNull();
        assertThat(validation.metrics().droppedCount()).isEqualTo(1);
        assertThat(validation.metrics().invalidCount()).isEqualTo(1);
        assertThat(validation.metrics().validCount()).isEqualTo(1);
        assertThat(validation.metrics().invalidCount(ErrorCode.BELOW_MIN)).isEqualTo(1);
        assertThat(validation.metrics().invalidCount(ErrorCode.PATTERN_MISMATCH)).isZero();
    }

    @Test
    void markModePassesTheRowWithProblemHeaders() throws Exception {
        SinkRecord marked = validation(Map.of("rules", "orders.quantity min 1", "on.invalid", "mark"))
                .apply(order(validOrder().put("quantity", 0)));

        assertThat(marked.topic()).isEqualTo(TOPIC);
        assertThat(marked.headers().lastWithName("cdcflow.validation.valid").value()).isEqualTo(false);
        JsonNode problems =
                JSON.readTree((String) marked.headers().lastWithName("cdcflow.validation.problems").value());
        assertThat(problems.get(0).path("error_code").asText()).isEqualTo("BELOW_MIN");
    }

    @Test
    void rulesApplyToTheirTableOnly() {
        RowValidator validator = new RowValidator(RuleParser.parse("orders.quantity min 1; *.id min 1", clock()), 8);
        Struct row = validOrder().put("quantity", 0).put("id", 0L);

        assertThat(validator.validate("storefront.public.orders", row)).extracting(Problem::column)
                .containsExactly("quantity", "id");
        assertThat(validator.validate("storefront.public.order_items", row)).extracting(Problem::column)
                .containsExactly("id");
        assertThat(validator.validate("orders", row)).hasSize(2);
    }

    @Test
    void deletePassesUncheckedSoTheTargetLosesTheRowEvenWhenItsBeforeImageBreaksARule() {
        Struct deleted = new Struct(DELETABLE).put("id", 3L).put("email", "no-at-sign").put("_is_deleted", (byte) 1);
        Struct updated = new Struct(DELETABLE).put("id", 3L).put("email", "no-at-sign").put("_is_deleted", (byte) 0);
        Map<String, String> rules = Map.of("rules", "*.email pattern [^@]+@[^@]+", "on.invalid", "fail");

        SinkRecord delete = new SinkRecord(TOPIC, 0, null, null, DELETABLE, deleted, 8L);
        assertThat(validation(rules).apply(delete)).isSameAs(delete);
        assertThatThrownBy(() -> validation(rules).apply(new SinkRecord(TOPIC, 0, null, null, DELETABLE, updated, 9L)))
                .isInstanceOf(DataException.class);
        Map<String, String> checkDeletes = new HashMap<>(rules);
        checkDeletes.put("deleted.field", "");
        assertThatThrownBy(() -> validation(checkDeletes).apply(delete)).isInstanceOf(DataException.class);
        Map<String, Object> schemaless = new HashMap<>(Map.of("id", 3L, "email", "no-at-sign", "_is_deleted", 1));
        SinkRecord schemalessDelete = new SinkRecord(TOPIC, 0, null, null, null, schemaless, 10L);
        assertThat(validation(rules).apply(schemalessDelete)).isSameAs(schemalessDelete);
    }

    @Test
    void truncateMarkerPassesUncheckedThoughItHasNoneOfTheColumnsRulesRequire() {
        Schema markerSchema = ChangeMarkers.markTruncate(SchemaBuilder.struct().name("customers.Truncate")
                .field("_op", Schema.STRING_SCHEMA).field("_is_deleted", Schema.INT8_SCHEMA)).build();
        SinkRecord marker = new SinkRecord(TOPIC, 0, null, null, markerSchema,
                new Struct(markerSchema).put("_op", "t").put("_is_deleted", (byte) 0), 11L);

        assertThat(validation(Map.of("rules", "*.email required", "on.invalid", "fail")).apply(marker))
                .isSameAs(marker);
    }

    @Test
    void schemalessRowsAreValidatedByColumnName() {
        Map<String, Object> row = new HashMap<>(Map.of("id", 1L, "status", "lost"));

        assertThat(new RowValidator(RuleParser.parse("orders.status in paid; orders.email required", clock()), 8)
                .validate(TOPIC, row)).extracting(Problem::code)
                .containsExactly(ErrorCode.NOT_ALLOWED, ErrorCode.REQUIRED_MISSING);
    }

    @Test
    void ruleOnAColumnTheRowLacksTreatsItAsNull() {
        RowValidator validator = new RowValidator(RuleParser.parse("orders.missing required; orders.gone min 1",
                clock()), 8);

        assertThat(validator.validate(TOPIC, validOrder())).extracting(Problem::code)
                .containsExactly(ErrorCode.REQUIRED_MISSING);
    }

    private static RowValidation validation(Map<String, String> config) {
        return new RowValidation(new ValidateConfig(new HashMap<>(config)), clock());
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static SinkRecord order(Struct row) {
        return new SinkRecord(TOPIC, 0, null, null, ORDER, row, 7L);
    }

    private static Struct validOrder() {
        return new Struct(ORDER).put("id", 1L).put("status", "paid").put("email", "a@b.example").put("quantity", 2)
                .put("total", new BigDecimal("10.00")).put("discount", 0.1).put("code", "ABC")
                .put("placed_at", Date.from(NOW.minusSeconds(60)));
    }

    private static Object typed(String column, String value) {
        if ("<null>".equals(value)) {
            return null;
        }
        return switch (column) {
            case "quantity" -> Integer.parseInt(value);
            case "total" -> new BigDecimal(value);
            case "discount" -> Double.parseDouble(value);
            case "placed_at" -> Date.from(Instant.parse(value));
            default -> value;
        };
    }
}
