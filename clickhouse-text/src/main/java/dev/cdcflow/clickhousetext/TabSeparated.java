package dev.cdcflow.clickhousetext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads ClickHouse's TabSeparated output: one row per line, fields split on tabs, escapes ({@code \t}, {@code \n},
 * {@code \\}, {@code \'} …) undone, and {@code \N} read as SQL NULL (Java null).
 */
public final class TabSeparated {

    /** How TabSeparated writes SQL NULL. */
    public static final String NULL = "\\N";

    private TabSeparated() {
    }

    public static List<List<String>> rows(String body) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(Arrays.stream(line.split("\t", -1)).map(TabSeparated::field).toList());
            }
        }
        return rows;
    }

    private static String field(String raw) {
        if (NULL.equals(raw)) {
            return null;
        }
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder text = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                text.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
