package dev.cdcflow.clickhouse.schema;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The columns a SQL expression (a partition or sorting key) names. */
public final class ColumnReferences {

    /**
     * A 'string' (skipped), a `quoted` name (group 1), or a bare name (group 2) followed by '(' when it is a
     * function (group 3).
     */
    private static final Pattern REFERENCE =
            Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)\\s*(\\()?");

    private ColumnReferences() {
    }

    /** The `quoted` names and the bare names that are not function calls, in order of appearance. */
    public static Set<String> in(String expression) {
        Set<String> columns = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(expression);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                columns.add(matcher.group(1));
            } else if (matcher.group(2) != null && matcher.group(3) == null) {
                columns.add(matcher.group(2));
            }
        }
        return columns;
    }

    /** The columns {@code expression} names that are not among {@code columns}, in order of appearance. */
    public static Set<String> outside(String expression, Collection<String> columns) {
        Set<String> outside = in(expression);
        outside.removeAll(columns);
        return outside;
    }
}
