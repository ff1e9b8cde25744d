package dev.cdcflow.connectinit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector REST template from {@code connectors/}: {@code {"name": …, "config": {…}}} whose strings may hold
 * {@code ${VAR}} or {@code ${VAR:-default}} placeholders, filled from the same variables the Compose stack's
 * {@code .env} holds. As in a shell, the default applies when the variable is unset or empty. Only upper-case names
 * are placeholders, so Connect's own config-provider references such as
 * {@code ${env:X}} or {@code ${file:/p:k}} pass through untouched.
 */
public final class ConnectorTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

    private final String source;
    private final String text;

    private ConnectorTemplate(String source, String text) {
        this.source = source;
        this.text = text;
    }

    public static ConnectorTemplate load(Path file) {
        try {
            return new ConnectorTemplate(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read connector template " + file, e);
        }
    }

    public static ConnectorTemplate of(String source, String text) {
        return new ConnectorTemplate(source, text);
    }

    /** Fills every placeholder; a placeholder with neither a value nor a default is an error naming it. */
    public ConnectorDefinition render(Map<String, String> variables) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Connector template " + source + " is not valid JSON", e);
        }
        Set<String> missing = new TreeSet<>();
        String name = substitute(root.path("name").asText(), variables, missing);
        Map<String, String> config = new LinkedHashMap<>();
        root.path("config").properties().forEach(field ->
                config.put(field.getKey(), substitute(field.getValue().asText(), variables, missing)));
        if (name.isEmpty() || config.isEmpty()) {
            throw new IllegalArgumentException("Connector template " + source + " needs a \"name\" and a \"config\"");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Connector template " + source + " needs values for " + missing);
        }
        return new ConnectorDefinition(name, config);
    }

    private static String substitute(String value, Map<String, String> variables, Set<String> missing) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = variables.get(matcher.group(1));
            if (replacement == null || replacement.isEmpty() && matcher.group(2) != null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                missing.add(matcher.group(1));
                replacement = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
