package dev.cdcflow.verify;

import dev.cdcflow.clickhousetext.TabSeparated;

/** Printing rules both sides share, written once so that their SQL cannot drift apart. */
final class ValueText {

    /** What a NULL prints as, on both sides (TabSeparated's own NULL). */
    static final String NULL = TabSeparated.NULL;

    private ValueText() {
    }

    /** Which server a piece of SQL is for: they differ in names and in how string literals take a backslash. */
    enum Server {
        POSTGRES("regexp_replace"),
        CLICKHOUSE("replaceRegexpOne");

        private final String replaceOne;

        Server(String replaceOne) {
            this.replaceOne = replaceOne;
        }

        /** A string literal: PostgreSQL takes backslashes as they are, ClickHouse as escapes. */
        String literal(String value) {
            return this == CLICKHOUSE ? "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
                    : "'" + value.replace("'", "''") + "'";
        }
    }

    /**
     * A decimal's text without trailing zeros after its point (and without the point when nothing is left after it):
     * PostgreSQL prints a numeric(12, 3) at its scale, ClickHouse 18.16 does too, newer ClickHouse releases trim.
     * Both servers' single-match regex replace take the same patterns.
     */
    static String withoutTrailingZeros(Server server, String text) {
        String zeros = server.replaceOne + "(" + text + ", " + server.literal("(\\.[0-9]*?)0+$") + ", "
                + server.literal("\\1") + ")";
        return server.replaceOne + "(" + zeros + ", " + server.literal("\\.$") + ", '')";
    }
}
