package dev.cdcflow.batchmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.common.ErrorCode;
import dev.cdcflow.common.SchemaNames;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelTypeTest {

    @ParameterizedTest
    @CsvSource({
        "UInt8, 255, 255", "UInt8, 256, ABOVE_MAX", "UInt8, -1, BELOW_MIN",
        "Int8, -128, -128", "Int8, 128, ABOVE_MAX",
        "UInt32, 4294967295, 4294967295", "UInt32, 4294967296, ABOVE_MAX", "UInt32, 12.5, TYPE_MISMATCH",
        "Int64, 9223372036854775807, 9223372036854775807", "UInt64, 18446744073709551615, 18446744073709551615",
        "Float64, 1.5e3, 1500.0", "Float64, abc, TYPE_MISMATCH",
        "'Decimal(6,2)', 1234.5, 1234.50", "'Decimal(6,2)', 12345.5, ABOVE_MAX", "'Decimal(6,2)', 1.234, TYPE_MISMATCH",
        "Bool, true, true", "Bool, 0, false", "Bool, yes, TYPE_MISMATCH",
        "UUID, 0b9e6d2c-3c7e-4b8e-9c39-6f1f0c7b1a2d, 0b9e6d2c-3c7e-4b8e-9c39-6f1f0c7b1a2d", "UUID, x, TYPE_MISMATCH",
        "String, ' a b ', ' a b '"
    })
    void readsAFieldAsTheTypeOrNamesTheProblem(String type, String field, String expected) {
        ModelType.Parsed parsed = ModelType.parse(type).parse("c", field);
        if (parsed.ok()) {
            assertThat(String.valueOf(parsed.value())).isEqualTo(expected);
        } else {
            assertThat(parsed.problem()).isEqualTo(ErrorCode.valueOf(expected));
            assertThat(parsed.message()).contains("'c'").contains(type);
        }
    }

    @Test
    void anEmptyFieldIsRequiredUnlessNullable() {
        assertThat(ModelType.parse("UInt32").parse("timestamp", "").problem()).isEqualTo(ErrorCode.REQUIRED_MISSING);
        assertThat(ModelType.parse("UInt32").parse("timestamp", null).message())
                .isEqualTo("The required column 'timestamp' has no value");
        ModelType.Parsed nullable = ModelType.parse("Nullable(UInt32)").parse("timestamp", "");
        assertThat(nullable.ok()).isTrue();
        assertThat(nullable.value()).isNull();
    }

    @Test
    void dateTimesAreClickHouseTextIsoOrEpochSeconds() {
        ModelType type = ModelType.parse("DateTime");
        Date expected = Date.from(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(type.parse("t", "2024-03-01 10:00:00").value()).isEqualTo(expected);
        assertThat(type.parse("t", "2024-03-01T12:00:00+02:00").value()).isEqualTo(expected);
        assertThat(type.parse("t", "1709287200").value()).isEqualTo(expected);
        assertThat(type.parse("t", "01/03/2024").problem()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(ModelType.parse("Date").parse("d", "2024-02-30").problem()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void theSchemaCarriesTheDeclaredTypeAndIsOptionalWhenNullable() {
        Schema schema = ModelType.parse("Nullable(UInt16)").schema();
        assertThat(schema.type()).isEqualTo(Schema.Type.INT32);
        assertThat(schema.isOptional()).isTrue();
        assertThat(schema.parameters()).containsEntry(SchemaNames.CLICKHOUSE_TYPE_PARAMETER, "Nullable(UInt16)");
        assertThat(ModelType.parse("UInt64").parse("n", "18446744073709551615").value())
                .isEqualTo(new BigDecimal("18446744073709551615"));
    }

    @Test
    void unsupportedTypesAreRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> ModelType.parse("Array(String)")).hasMessageContaining("'Array(String)'")
                .hasMessageContaining("Decimal(P, S)");
        assertThatThrownBy(() -> ModelType.parse("Nullable(Nullable(String))")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelType.parse("Decimal(3, 5)")).hasMessageContaining("0 <= S <= P");
    }
}
