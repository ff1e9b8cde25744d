package dev.cdcflow.localstack;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of psql that the repository's {@code sql/postgres/} files use, so the local stack runs the very files the
 * Compose stack's PostgreSQL runs: {@code \getenv name ENV_VAR} lines, and {@code :'name'} (a quoted literal) and
 * {@code :"name"} (a quoted identifier) wherever they appear. The result is plain SQL for JDBC.
 */
final class PsqlScript {

    private static final Pattern GETENV = Pattern.compile("^\\\\getenv\\s+(\\w+)\\s+(\\w+)\\s*$", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("(?<!:):(['\"])(\\w+)\\1");

    private PsqlScript() {
    }

    /** The script as plain SQL; a variable whose environment value is missing is an error naming both. */
    static String render(String script, Map<String, String> environment) {
        Map<String, String> variables = new HashMap<>();
        Matcher getenv = GETENV.matcher(script);
        StringBuilder withoutMetaCommands = new StringBuilder();
        while (getenv.find()) {
            String value = environment.get(getenv.group(2));
            if (value == null) {
                throw new IllegalArgumentException("The SQL script reads " + getenv.group(2)
                        + " from the environment, which has no such variable");
            }
            variables.put(getenv.group(1), value);
            getenv.appendReplacement(withoutMetaCommands, "");
        }
        getenv.appendTail(withoutMetaCommands);

        Matcher reference = REFERENCE.matcher(withoutMetaCommands);
        StringBuilder sql = new StringBuilder();
        while (reference.find()) {
            String value = variables.get(reference.group(2));
            if (value == null) {
                throw new IllegalArgumentException("The SQL script uses the psql variable " + reference.group(2)
                        + ", which no \\getenv line sets");
            }
            String quoted = reference.group(1).equals("'") ? quote(value, '\'') : quote(value, '"');
            reference.appendReplacement(sql, Matcher.quoteReplacement(quoted));
        }
        reference.appendTail(sql);
        return sql.toString();
    }

    /** {@code value} between {@code quote}s, each quote inside doubled, as psql quotes literals and identifiers. */
    private static String quote(String value, char quote) {
        String q = String.valueOf(quote);
        return q + value.replace(q, q + q) + q;
    }
}
