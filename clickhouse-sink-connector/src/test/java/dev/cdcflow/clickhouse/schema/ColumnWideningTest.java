package dev.cdcflow.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnWideningTest {

    @ParameterizedTest(name = "{0} into {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "Int32          | Int64          | true",
        "Int64          | Int32          | false",
        "Int16          | Int16          | true",
        "UInt8          | UInt32         | true",
        "Int32          | UInt64         | false",
        "Float32        | Float64        | true",
        "Int32          | Float64        | false",
        "Decimal(10, 2) | Decimal(12, 2) | true",
        "Decimal(10, 2) | Decimal(12, 4) | true",
        "Decimal(10, 2) | Decimal(11, 4) | false",
        "Decimal(12, 2) | Decimal(10, 2) | false",
        "String         | Int64          | false",
    })
    void everyValueOfTheNarrowTypeFitsTheWideOne(String narrow, String wide, boolean fits) {
        assertThat(ColumnWidening.fits(narrow, wide)).isEqualTo(fits);
    }
}
