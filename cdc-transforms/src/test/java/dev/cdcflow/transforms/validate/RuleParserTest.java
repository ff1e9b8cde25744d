package dev.cdcflow.transforms.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    @Test
    void parsesEveryCheckAndEscapedSemicolons() {
        List<Rule> rules = RuleParser.parse(" orders.id required ; orders.total min 0;orders.total max 1e6;"
                + " *.email pattern [^@\\;]+@x\\;y ; orders.status in a, b ,c; orders.code min-length 2;"
                + " orders.code max-length 8; orders.code type int64; orders.placed_at not-future 30; ",
                Clock.systemUTC());

        assertThat(rules).extracting(Rule::table).containsExactly("orders", "orders", "orders", "*", "orders",
                "orders", "orders", "orders", "orders");
        assertThat(rules).extracting(rule -> rule.check().expected()).containsExactly("required", "min 0",
                "max 1000000", "pattern [^@;]+@x;y", "in a,b,c", "min-length 2", "max-length 8", "type int64",
                "not-future 30");
    }

    @Test
    void tableMayBeADottedTopicName() {
        Rule rule = RuleParser.parse("storefront.public.orders.total min 0", Clock.systemUTC()).get(0);

        assertThat(rule.table()).isEqualTo("storefront.public.orders");
        assertThat(rule.column()).isEqualTo("total");
        assertThat(rule.appliesTo("storefront.public.orders")).isTrue();
        assertThat(rule.appliesTo("other.public.orders")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "orders.total minn 0           | Rule 1 'orders.total minn 0': unknown check 'minn'; use one of [required, "
                + "type, min, max, min-length, max-length, pattern, in, not-future]",
        "total min 0                   | Rule 1 'total min 0': 'total' is not <table>.<column> "
                + "(use *.<column> for any table)",
        "orders.total                  | Rule 1 'orders.total': expected '<table>.<column> <check> [argument]'",
        "orders.id required; orders.total min zero | Rule 2 'orders.total min zero': 'min' needs a number, not 'zero'",
        "orders.code max-length -1     | Rule 1 'orders.code max-length -1': 'max-length' needs a whole number "
                + ">= 0, not '-1'",
        "orders.code pattern (         | Rule 1 'orders.code pattern (': invalid pattern: Unclosed group",
        "orders.code type text         | Rule 1 'orders.code type text': unknown type 'text'; use one of [int8, "
                + "int16, int32, int64, float64, decimal, boolean, string, timestamp]",
        "orders.id required yes        | Rule 1 'orders.id required yes': 'required' takes no argument",
        "orders.status in              | Rule 1 'orders.status in': 'in' needs an argument",
    })
    void badRuleIsRefusedAtValidationNamingTheKeyAndTheRule(String rules, String message) {
        ConfigValue result = ValidateConfig.CONFIG_DEF.validate(Map.of("rules", rules)).stream()
                .filter(value -> value.name().equals("rules")).findFirst().orElseThrow();

        assertThat(result.errorMessages()).containsExactly(
                "Invalid value " + rules + " for configuration rules: " + message);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "on.invalid            | ignore",
        "rejected.topic.suffix | ''",
        "header.prefix         | ''",
        "schema.cache.size     | 0",
    })
    void otherInvalidOptionsAreRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> new ValidateConfig(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }
}
