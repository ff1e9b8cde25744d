package dev.cdcflow.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} as a Markdown table, and keeps generated sections of a Markdown file in step with the
 * code: a section is the text between {@code <!-- config:NAME -->} and {@code <!-- /config:NAME -->}. Test code:
 * every plugin module's tests use it through connect-common's test jar; no plugin ships it.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /**
     * Fails when the option tables of {@code docs/<docName>} (in the repository) differ from the ConfigDefs. With
     * {@code -Ddocs.regenerate=true} the file is rewritten first (and the run fails once, showing the change).
     */
    public static void assertCurrent(String docName, Map<String, ConfigDef> sections) throws IOException {
        Path doc = Path.of(System.getProperty("basedir", "."), "..", "docs", docName);
        String current = Files.readString(doc);
        String generated = documentWithTables(doc, sections, Boolean.getBoolean("docs.regenerate"));
        if (!current.equals(generated)) {
            throw new AssertionError("docs/" + docName + " is out of date: regenerate its option tables by running "
                    + "this test with -Ddocs.regenerate=true");
        }
    }

    /** One row per key, in group order: key, type, default, valid values, description. */
    public static String markdownTable(ConfigDef definition) {
        StringBuilder table = new StringBuilder()
                .append("| key | type | default | valid values | description |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        List<String> groups = definition.groups();
        List<ConfigDef.ConfigKey> keys = definition.configKeys().values().stream()
                .sorted(Comparator.<ConfigDef.ConfigKey>comparingInt(key -> groups.indexOf(key.group))
                        .thenComparingInt(key -> key.orderInGroup)
                        .thenComparing(key -> key.name))
                .toList();
        for (ConfigDef.ConfigKey key : keys) {
            if (key.internalConfig) {
                continue;
            }
            table.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    /**
     * The Markdown file at {@code doc} with every named section regenerated from its ConfigDef, written back when
     * {@code rewrite} is set. Tests compare the result with the file to catch docs that drifted from the code.
     */
    public static String documentWithTables(Path doc, Map<String, ConfigDef> sections, boolean rewrite)
            throws IOException {
        String document = Files.readString(doc);
        for (Map.Entry<String, ConfigDef> section : sections.entrySet()) {
            document = replaceSection(document, section.getKey(), markdownTable(section.getValue()));
        }
        if (rewrite) {
            Files.writeString(doc, document);
        }
        return document;
    }

    /** {@code document} with the section {@code name} replaced by {@code content}; fails if there is no section. */
    public static String replaceSection(String document, String name, String content) {
        Pattern section = Pattern.compile("(<!-- config:" + Pattern.quote(name) + " -->\\n)(.*?)(<!-- /config:"
                + Pattern.quote(name) + " -->)", Pattern.DOTALL);
        Matcher matcher = section.matcher(document);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No section <!-- config:" + name + " --> in the document");
        }
        return matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + content + matcher.group(3)));
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String text = key.defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf)
                .toList()) : String.valueOf(key.defaultValue);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
