package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each value of a row, framed from the types alone, is exactly the bytes the official client writes for that value
 * on its own: checked for every kind of type the sink creates, with nulls, empty and nested containers.
 */
class RowBinaryFramesTest {

    private static final List<Object[]> CELLS = List.of(
            new Object[] {"Int64", 42L},
            new Object[] {"Nullable(String)", null},
            new Object[] {"Nullable(String)", "käse ".repeat(40)},
            new Object[] {"String", "x".repeat(300)},
            new Object[] {"FixedString(3)", "abc"},
            new Object[] {"Decimal(12, 2)", new BigDecimal("123.45")},
            new Object[] {"Decimal(50, 10)", new BigDecimal("-1.5")},
            new Object[] {"UUID", UUID.fromString("6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d")},
            new Object[] {"Date", LocalDate.of(2026, 12, 7)},
            new Object[] {"Float64", 1.5d},
            new Object[] {"UInt8", (short) 1},
            new Object[] {"Array(Nullable(String))", Arrays.asList("a", null, "c")},
            new Object[] {"Array(Nullable(Int32))", List.of()},
            new Object[] {"Array(Array(Int32))", List.of(List.of(1, 2), List.of(3))},
            new Object[] {"Map(String, Nullable(String))", Map.of("k", "v")},
            new Object[] {"LowCardinality(Nullable(String))", "low"},
            new Object[] {"Nullable(Int32)", 7});

    @Test
    void framesMatchTheBytesOfEachValueAlone() throws IOException {
        List<ClickHouseColumn> columns = new ArrayList<>();
        for (int i = 0; i < CELLS.size(); i++) {
            columns.add(ClickHouseColumn.of("c" + i, (String) CELLS.get(i)[0]));
        }
        byte[] prefix = {9, 9, 9};
        byte[] row = concat(prefix, encode(columns, CELLS.stream().map(cell -> cell[1]).toList()));

        int[] bounds = RowBinaryFrames.frame(columns, row, prefix.length);

        assertThat(bounds[columns.size()]).isEqualTo(row.length);
        for (int i = 0; i < columns.size(); i++) {
            byte[] alone = encode(List.of(columns.get(i)), Arrays.asList(CELLS.get(i)[1]));
            assertThat(Arrays.copyOfRange(row, bounds[i], bounds[i + 1])).as(columns.get(i).getOriginalTypeName())
                    .isEqualTo(alone);
        }
    }

    @Test
    void aTypeItCannotFrameIsNamed() {
        assertThatThrownBy(() -> RowBinaryFrames.skip(ClickHouseColumn.of("c", "Nothing"), new byte[1], 0))
                .hasMessageContaining("Nothing");
    }

    private static byte[] encode(List<ClickHouseColumn> columns, List<Object> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowBinaryFormatWriter writer = new RowBinaryFormatWriter(out, new TableSchema("t", null, "db", columns),
                ClickHouseFormat.RowBinary);
        for (int i = 0; i < values.size(); i++) {
            writer.setValue(i + 1, values.get(i));
        }
        writer.commitRow();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
