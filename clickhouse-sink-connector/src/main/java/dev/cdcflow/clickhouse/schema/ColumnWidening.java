package dev.cdcflow.clickhouse.schema;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column types hold every value of another: the widenings a source makes without changing a value (PostgreSQL's
 * {@code int} to {@code bigint}, {@code real} to {@code double precision}, {@code numeric(10,2)} to
 * {@code numeric(12,2)}). A column is widened to fit the records; records of the narrower type still go into the
 * wider column (a replay of rows from before the change).
 */
public final class ColumnWidening {

    private static final List<List<String>> CHAINS = List.of(
            List.of("Int8", "Int16", "Int32", "Int64", "Int128", "Int256"),
            List.of("UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256"),
            List.of("Float32", "Float64"));
    private static final Pattern DECIMAL = Pattern.compile("Decimal\\((\\d+),\\s*(\\d+)\\)");

    private ColumnWidening() {
    }

    /** Whether every value of {@code narrow} is a value of {@code wide} (both without Nullable). */
    public static boolean fits(String narrow, String wide) {
        if (narrow.equals(wide)) {
            return true;
        }
        for (List<String> chain : CHAINS) {
            int from = chain.indexOf(narrow);
            int to = chain.indexOf(wide);
            if (from >= 0 && to >= 0) {
                return from <= to;
            }
        }
        Matcher from = DECIMAL.matcher(narrow);
        Matcher to = DECIMAL.matcher(wide);
        if (from.matches() && to.matches()) {
            int fromScale = Integer.parseInt(from.group(2));
            int toScale = Integer.parseInt(to.group(2));
            return toScale >= fromScale && Integer.parseInt(to.group(1)) - toScale
                    >= Integer.parseInt(from.group(1)) - fromScale;
        }
        return false;
    }
}
