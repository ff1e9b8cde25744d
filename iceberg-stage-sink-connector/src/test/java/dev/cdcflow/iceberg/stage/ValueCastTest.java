package dev.cdcflow.iceberg.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** Casts keep the value or refuse it: never a rounded number, a truncated time or a guessed date. */
class ValueCastTest {

    private static final ValueCast.EpochUnit MICROS = ValueCast.EpochUnit.MICROS;

    @Test
    void timestampsFromEveryShapeDebeziumAndConnectGive() {
        ColumnType timestamp = ColumnType.parse("timestamp");
        OffsetDateTime expected = OffsetDateTime.parse("2024-02-29T23:59:59.123456Z");
        long micros = 1_709_251_199_123_456L;

        assertThat(ValueCast.cast(micros, SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build(),
                timestamp, MICROS)).isEqualTo(expected);
        assertThat(ValueCast.cast(micros, Schema.INT64_SCHEMA, timestamp, MICROS)).isEqualTo(expected);
        assertThat(ValueCast.cast(micros / 1000, Schema.INT64_SCHEMA, timestamp, ValueCast.EpochUnit.MILLIS))
                .isEqualTo(expected.withNano(123_000_000));
        assertThat(ValueCast.cast(Date.from(Instant.parse("2024-02-29T23:59:59.123Z")), Timestamp.SCHEMA, timestamp,
                MICROS)).isEqualTo(expected.withNano(123_000_000));
        assertThat(ValueCast.cast("2024-03-01T00:59:59.123456+01:00",
                SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build(), timestamp, MICROS))
                .isEqualTo(expected);
    }

    @Test
    void datesAndTimestampsBeyondWhatIcebergStoresAreRefusedNotWrapped() {
        // A java.util.Date holds milliseconds in 64 bits; Iceberg microseconds: year 300,000 fits one, not the other.
        Date farFuture = Date.from(Instant.parse("+300000-01-01T00:00:00Z"));
        assertThatThrownBy(() -> ValueCast.cast(farFuture, Timestamp.SCHEMA, ColumnType.parse("timestamp"), MICROS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside Iceberg's timestamp range");
        assertThatThrownBy(() -> ValueCast.cast(3_000_000_000L, SchemaBuilder.int64().name("io.debezium.time.Date")
                .build(), ColumnType.parse("date"), MICROS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside Iceberg's date range");
    }

    @Test
    void datesFromEpochDaysConnectDatesAndText() {
        ColumnType date = ColumnType.parse("date");
        assertThat(ValueCast.cast(19_782, SchemaBuilder.int32().name("io.debezium.time.Date").build(), date, MICROS))
                .isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ValueCast.cast(Date.from(Instant.parse("2024-02-29T00:00:00Z")),
                org.apache.kafka.connect.data.Date.SCHEMA, date, MICROS)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ValueCast.cast("2024-02-29", Schema.STRING_SCHEMA, date, MICROS))
                .isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void decimalsKeepEveryDigitOrAreRefused() {
        ColumnType money = ColumnType.parse("decimal(6, 2)");
        assertThat(ValueCast.cast("12.5", Schema.STRING_SCHEMA, money, MICROS)).isEqualTo(new BigDecimal("12.50"));
        assertThat(ValueCast.cast(7L, Schema.INT64_SCHEMA, money, MICROS)).isEqualTo(new BigDecimal("7.00"));
        assertThatThrownBy(() -> ValueCast.cast("12.345", Schema.STRING_SCHEMA, money, MICROS))
                .hasMessageContaining("cannot cast '12.345' (String) to decimal(6, 2)");
        assertThatThrownBy(() -> ValueCast.cast("12345.6", Schema.STRING_SCHEMA, money, MICROS))
                .hasMessageContaining("do not fit precision 6");
        assertThatThrownBy(() -> ValueCast.cast("abc", Schema.STRING_SCHEMA, money, MICROS))
                .hasMessageContaining("cannot cast 'abc'");
    }

    @Test
    void numbersAndBooleansAreExact() {
        assertThat(ValueCast.cast("42", Schema.STRING_SCHEMA, ColumnType.parse("long"), MICROS)).isEqualTo(42L);
        assertThat(ValueCast.cast(3.0, Schema.FLOAT64_SCHEMA, ColumnType.parse("int"), MICROS)).isEqualTo(3);
        assertThatThrownBy(() -> ValueCast.cast(3.5, Schema.FLOAT64_SCHEMA, ColumnType.parse("long"), MICROS))
                .hasMessageContaining("to long");
        assertThatThrownBy(() -> ValueCast.cast(1L << 40, Schema.INT64_SCHEMA, ColumnType.parse("int"), MICROS))
                .hasMessageContaining("to int");
        assertThat(ValueCast.cast(1, Schema.INT8_SCHEMA, ColumnType.parse("boolean"), MICROS)).isEqualTo(true);
        assertThatThrownBy(() -> ValueCast.cast("yes", Schema.STRING_SCHEMA, ColumnType.parse("boolean"), MICROS))
                .hasMessageContaining("to boolean");
        assertThat(ValueCast.cast(new BigDecimal("1.50"), null, ColumnType.parse("string"), MICROS))
                .isEqualTo("1.50");
        assertThat(ValueCast.cast(null, null, ColumnType.parse("string"), MICROS)).isNull();
    }
}
