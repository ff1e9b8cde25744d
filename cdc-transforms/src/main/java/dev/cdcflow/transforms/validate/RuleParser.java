package dev.cdcflow.transforms.validate;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Parses the {@code rules} config. Rules are separated by {@code ;} (write {@code \;} for a literal one); each is
 * {@code <table>.<column> <check> [argument]}:
 *
 * <pre>
 * required                  the value is not null
 * type &lt;t&gt;                  the value is, or can be read as, one of int8|int16|int32|int64|float64|decimal|
 *                           boolean|string|timestamp
 * min &lt;n&gt;, max &lt;n&gt;          numeric bounds, inclusive
 * min-length &lt;n&gt;, max-length &lt;n&gt;   length in characters
 * pattern &lt;regex&gt;           the whole value matches the regular expression
 * in &lt;a,b,c&gt;               the value is one of the listed values
 * not-future [seconds]      a timestamp no later than now (plus a tolerance for clock skew)
 * </pre>
 *
 * Example: {@code orders.total_amount min 0; orders.status in pending,paid,shipped; *.email pattern [^@]+@[^@]+}
 */
final class RuleParser {

    /** Makes the check of one kind from the rule's argument (empty when there is none). */
    @FunctionalInterface
    private interface CheckFactory {
        Check make(String name, String argument, Clock clock);
    }

    /** The kinds of check a rule can name: a new kind is one constant here (and its {@link Checks} method). */
    private enum CheckKind {
        REQUIRED("required", (name, argument, clock) -> {
            requireNoArgument(name, argument);
            return Checks.required();
        }),
        TYPE("type", (name, argument, clock) -> {
            try {
                return Checks.type(ValueType.parse(requireArgument(name, argument)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown type '" + argument + "'; use one of "
                        + Arrays.stream(ValueType.values()).map(ValueType::configName).toList());
            }
        }),
        MIN("min", (name, argument, clock) -> Checks.min(number(name, argument))),
        MAX("max", (name, argument, clock) -> Checks.max(number(name, argument))),
        MIN_LENGTH("min-length", (name, argument, clock) -> Checks.minLength(count(name, argument))),
        MAX_LENGTH("max-length", (name, argument, clock) -> Checks.maxLength(count(name, argument))),
        PATTERN("pattern", (name, argument, clock) -> {
            try {
                return Checks.pattern(Pattern.compile(requireArgument(name, argument)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid pattern: " + e.getDescription());
            }
        }),
        IN("in", (name, argument, clock) -> {
            Set<String> allowed = Arrays.stream(requireArgument(name, argument).split(","))
                    .map(String::trim).filter(value -> !value.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            return Checks.in(allowed, String.join(",", allowed));
        }),
        NOT_FUTURE("not-future", (name, argument, clock) ->
                Checks.notFuture(argument.isEmpty() ? 0 : count(name, argument) * 1000L, clock));

        private final String configName;
        private final CheckFactory factory;

        CheckKind(String configName, CheckFactory factory) {
            this.configName = configName;
            this.factory = factory;
        }
    }

    /** The check names rules may use, in the order the docs list them. */
    static final List<String> CHECKS = Arrays.stream(CheckKind.values()).map(kind -> kind.configName).toList();

    private RuleParser() {
    }

    /** The rules in {@code text}; a malformed rule is an {@link IllegalArgumentException} that quotes it. */
    static List<Rule> parse(String text, Clock clock) {
        List<Rule> rules = new ArrayList<>();
        List<String> entries = split(text == null ? "" : text);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            try {
                rules.add(parseOne(entry, clock));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Rule " + (i + 1) + " '" + entry + "': " + e.getMessage(), e);
            }
        }
        return rules;
    }

    private static Rule parseOne(String entry, Clock clock) {
        String[] parts = entry.split("\\s+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("expected '<table>.<column> <check> [argument]'");
        }
        String target = parts[0];
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw new IllegalArgumentException("'" + target
                    + "' is not <table>.<column> (use *.<column> for any table)");
        }
        String check = parts[1];
        String argument = parts.length > 2 ? parts[2].trim() : "";
        return new Rule(target.substring(0, dot), target.substring(dot + 1), check(check, argument, clock), entry);
    }

    private static Check check(String name, String argument, Clock clock) {
        for (CheckKind kind : CheckKind.values()) {
            if (kind.configName.equals(name)) {
                return kind.factory.make(name, argument, clock);
            }
        }
        throw new IllegalArgumentException("unknown check '" + name + "'; use one of " + CHECKS);
    }

    private static String requireArgument(String check, String argument) {
        if (argument.isEmpty()) {
            throw new IllegalArgumentException("'" + check + "' needs an argument");
        }
        return argument;
    }

    private static void requireNoArgument(String check, String argument) {
        if (!argument.isEmpty()) {
            throw new IllegalArgumentException("'" + check + "' takes no argument");
        }
    }

    private static BigDecimal number(String check, String argument) {
        try {
            return new BigDecimal(requireArgument(check, argument));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + check + "' needs a number, not '" + argument + "'");
        }
    }

    private static int count(String check, String argument) {
        try {
            int value = Integer.parseInt(requireArgument(check, argument));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + check + "' needs a whole number >= 0, not '" + argument + "'");
        }
    }

    /** Splits on ';' except where escaped as '\;'. */
    private static List<String> split(String text) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ';') {
                current.append(';');
                i++;
            } else if (c == ';') {
                addIfNotBlank(entries, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(entries, current);
        return entries;
    }

    private static void addIfNotBlank(List<String> entries, StringBuilder entry) {
        String text = entry.toString().trim();
        if (!text.isEmpty()) {
            entries.add(text);
        }
    }
}
