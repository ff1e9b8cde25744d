package dev.cdcflow.clickhouse.schema;

/**
 * Quotes names that come from topics and fields for ClickHouse SQL: always in backticks, with backslashes and
 * backticks escaped, so dots, dashes, spaces, reserved words and non-ASCII letters are safe.
 */
public final class Identifiers {

    private Identifiers() {
    }

    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("An identifier cannot be empty");
        }
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('`').toString();
    }

    /** {@code `database`.`table`}. */
    public static String qualified(String database, String table) {
        return quote(database) + "." + quote(table);
    }

    /** A string literal in single quotes, with backslashes and quotes escaped. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
