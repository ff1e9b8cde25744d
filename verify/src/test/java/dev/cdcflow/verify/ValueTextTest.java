package dev.cdcflow.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both servers get the same pattern, each in the literal syntax it reads (SqlSidesTest runs them). */
class ValueTextTest {

    @Test
    void literalsCarryBackslashesAndQuotesAsEachServerReadsThem() {
        assertThat(ValueText.Server.POSTGRES.literal("it's \\N")).isEqualTo("'it''s \\N'");
        assertThat(ValueText.Server.CLICKHOUSE.literal("it's \\N")).isEqualTo("'it\\'s \\\\N'");
    }

    @Test
    void trailingZerosAreTrimmedWithOnePatternOnBothServers() {
        assertThat(ValueText.withoutTrailingZeros(ValueText.Server.POSTGRES, "x")).isEqualTo(
                "regexp_replace(regexp_replace(x, '(\\.[0-9]*?)0+$', '\\1'), '\\.$', '')");
        assertThat(ValueText.withoutTrailingZeros(ValueText.Server.CLICKHOUSE, "x")).isEqualTo(
                "replaceRegexpOne(replaceRegexpOne(x, '(\\\\.[0-9]*?)0+$', '\\\\1'), '\\\\.$', '')");
    }
}
