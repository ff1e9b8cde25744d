package dev.cdcflow.common.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which table a topic's rows go to, the one way every sink decides it: an explicit topic:table entry, else a format
 * filled in from the topic's dot-separated parts. Debezium names topics {@code <prefix>.<schema>.<table>}, so
 * {@code ${table}} alone meets twice for {@code shop.sales.orders} and {@code shop.public.orders}; {@code
 * ${schema}_${table}} or {@code ${topic}} keeps them apart.
 *
 * <p>The parts, for {@code storefront.public.orders}: {@code ${topic}} the whole topic, {@code ${table}} the last
 * part ({@code orders}), {@code ${schema}} the one before it ({@code public}), {@code ${prefix}} everything before
 * the schema ({@code storefront}). A topic with fewer parts has empty ones.
 */
public final class TableNames {

    /** The placeholders a format may use. */
    public static final List<String> PLACEHOLDERS = List.of("${topic}", "${prefix}", "${schema}", "${table}");
    public static final String FORMAT_DOC = "Table for a topic's rows, filled in from the topic's dot-separated "
            + "parts: ${topic} is the whole topic, ${table} its last part, ${schema} the part before it and "
            + "${prefix} everything before that (storefront.public.orders: orders, public, storefront). Topics of "
            + "tables with the same name in several schemas need ${schema}_${table} or ${topic}.";
    public static final String MAP_DOC = "Explicit tables for some topics, as topic:table entries; they win over "
            + "the format.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final String format;
    private final Map<String, String> explicit;

    private TableNames(String format, Map<String, String> explicit) {
        this.format = format;
        this.explicit = explicit;
    }

    /** From a format (validated by {@link #formatValidator()}) and topic:table entries ({@link #mapValidator()}). */
    public static TableNames of(String format, List<String> topicTableEntries) {
        Map<String, String> explicit = new HashMap<>();
        for (String entry : topicTableEntries) {
            int colon = entry.lastIndexOf(':');
            explicit.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return new TableNames(format, Map.copyOf(explicit));
    }

    /** The table for rows of {@code topic}. */
    public String tableFor(String topic) {
        String mapped = explicit.get(topic);
        if (mapped != null) {
            return mapped;
        }
        int last = topic.lastIndexOf('.');
        int beforeLast = last <= 0 ? -1 : topic.lastIndexOf('.', last - 1);
        String table = topic.substring(last + 1);
        String schema = last < 0 ? "" : topic.substring(beforeLast + 1, last);
        String prefix = beforeLast < 0 ? "" : topic.substring(0, beforeLast);
        return format.replace("${topic}", topic).replace("${prefix}", prefix).replace("${schema}", schema)
                .replace("${table}", table);
    }

    /** Whether the topic has an explicit entry. */
    public boolean mapsExplicitly(String topic) {
        return explicit.containsKey(topic);
    }

    public String format() {
        return format;
    }

    /** A format: not blank, and no placeholder but those of {@link #PLACEHOLDERS}. */
    public static ConfigDef.Validator formatValidator() {
        return Validators.described("a name, may use " + String.join(", ", PLACEHOLDERS), (name, value) -> {
            String format = value == null ? "" : value.toString();
            if (format.isBlank()) {
                throw new ConfigException(name, value, "A table name format cannot be empty");
            }
            Matcher placeholder = PLACEHOLDER.matcher(format);
            while (placeholder.find()) {
                if (!PLACEHOLDERS.contains(placeholder.group())) {
                    throw new ConfigException(name, value, placeholder.group() + " is not one of " + PLACEHOLDERS);
                }
            }
            if (format.replace("$", "").length() != format.length() - countPlaceholders(format)) {
                throw new ConfigException(name, value, "A '$' must start one of " + PLACEHOLDERS);
            }
        });
    }

    /** topic:table entries. */
    public static ConfigDef.Validator mapValidator() {
        return Validators.described("topic:table entries", (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            for (String entry : entries) {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    throw new ConfigException(name, value, "Entry '" + entry + "' is not topic:table");
                }
            }
        });
    }

    private static int countPlaceholders(String format) {
        int count = 0;
        Matcher placeholder = PLACEHOLDER.matcher(format);
        while (placeholder.find()) {
            count++;
        }
        return count;
    }
}
