package dev.cdcflow.clickhouse.write;

import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseDataType;
import java.util.List;

/**
 * Where each value of a RowBinary row starts and ends, from the columns' types alone, without decoding any value:
 * the sink moves a column's encoded value from one row to another (a value kept from a row's previous version) as
 * bytes, so it is copied exactly whatever its type.
 */
final class RowBinaryFrames {

    private RowBinaryFrames() {
    }

    /**
     * The start of each value of the row at {@code start}, and after them the row's end: {@code columns.size() + 1}
     * positions.
     */
    static int[] frame(List<ClickHouseColumn> columns, byte[] data, int start) {
        int[] bounds = new int[columns.size() + 1];
        int position = start;
        for (int i = 0; i < columns.size(); i++) {
            bounds[i] = position;
            position = skip(columns.get(i), data, position);
        }
        bounds[columns.size()] = position;
        return bounds;
    }

    /** The position after the value of {@code column} at {@code position}. */
    static int skip(ClickHouseColumn column, byte[] data, int position) {
        if (column.isNullable()) {
            // A null flag byte, then the value unless it is null; LowCardinality changes nothing in RowBinary.
            return data[position] != 0 ? position + 1 : skipValue(column, data, position + 1);
        }
        return skipValue(column, data, position);
    }

    private static int skipValue(ClickHouseColumn column, byte[] data, int position) {
        ClickHouseDataType type = column.getDataType();
        switch (type) {
            case String:
                long[] length = varint(data, position);
                return (int) (length[1] + length[0]);
            case FixedString:
            case Decimal:
            case Decimal32:
            case Decimal64:
            case Decimal128:
            case Decimal256:
                return position + column.getEstimatedLength();
            case Array:
                long[] count = varint(data, position);
                int at = (int) count[1];
                for (long i = 0; i < count[0]; i++) {
                    at = skip(column.getNestedColumns().get(0), data, at);
                }
                return at;
            case Map:
                long[] entries = varint(data, position);
                int entry = (int) entries[1];
                for (long i = 0; i < entries[0]; i++) {
                    entry = skip(column.getValueInfo(), data, skip(column.getKeyInfo(), data, entry));
                }
                return entry;
            case Tuple:
                int element = position;
                for (ClickHouseColumn nested : column.getNestedColumns()) {
                    element = skip(nested, data, element);
                }
                return element;
            default:
                if (type.getByteLength() <= 0) {
                    throw new IllegalArgumentException("Cannot frame a RowBinary value of type "
                            + column.getOriginalTypeName());
                }
                return position + type.getByteLength();
        }
    }

    /** An unsigned LEB128 number at {@code position}: the number and the position after it. */
    private static long[] varint(byte[] data, int position) {
        long value = 0;
        int shift = 0;
        int at = position;
        byte current;
        do {
            current = data[at++];
            value |= (long) (current & 0x7f) << shift;
            shift += 7;
        } while ((current & 0x80) != 0);
        return new long[] {value, at};
    }
}
