package dev.cdcflow.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An S3 access policy of the kind MinIO and AWS IAM take, evaluated as they do for the statements this repository's
 * policies use: {@code Allow} and {@code Deny} statements of {@code Action} and {@code Resource} patterns ({@code *}
 * and {@code ?} wildcards), and {@code StringLike} / {@code StringEquals} conditions. A request is allowed when an
 * Allow statement matches it and no Deny statement does; a condition of another kind never matches, so a policy this
 * class does not understand denies rather than allows.
 */
final class S3Policy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String document;
    private final List<Statement> statements;

    private S3Policy(String name, String document, List<Statement> statements) {
        this.name = name;
        this.document = document;
        this.statements = statements;
    }

    /** Parses a policy document; {@code name} is for messages. */
    static S3Policy parse(String name, String document) {
        try {
            List<Statement> statements = new ArrayList<>();
            JsonNode statementNodes = JSON.readTree(document).path("Statement");
            for (JsonNode statement : statementNodes.isArray() ? statementNodes : List.of(statementNodes)) {
                statements.add(new Statement("Allow".equals(statement.path("Effect").asText()),
                        strings(statement.path("Action")), strings(statement.path("Resource")),
                        statement.path("Condition")));
            }
            return new S3Policy(name, document, List.copyOf(statements));
        } catch (IOException e) {
            throw new UncheckedIOException("Policy " + name + " is not valid JSON", e);
        }
    }

    String name() {
        return name;
    }

    /** The document it was parsed from. */
    String document() {
        return document;
    }

    /**
     * Whether {@code action} (e.g. {@code s3:GetObject}) on {@code resource} (e.g. {@code arn:aws:s3:::raw/cdc/x})
     * is allowed, given the request's condition keys (e.g. {@code s3:prefix}).
     */
    boolean allows(String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.matches(action, resource, context)) {
                if (!statement.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    private static boolean anyMatches(List<String> patterns, String value) {
        return value != null && patterns.stream().anyMatch(pattern -> wildcard(pattern).matcher(value).matches());
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    private record Statement(boolean allow, List<String> actions, List<String> resources, JsonNode condition) {

        boolean matches(String action, String resource, Map<String, String> context) {
            return anyMatches(actions, action) && anyMatches(resources, resource) && conditionHolds(context);
        }

        private boolean conditionHolds(Map<String, String> context) {
            if (condition.isMissingNode() || condition.isEmpty()) {
                return true;
            }
            var operators = condition.fields();
            while (operators.hasNext()) {
                var operator = operators.next();
                boolean like = operator.getKey().equals("StringLike");
                if (!like && !operator.getKey().equals("StringEquals")) {
                    return false;
                }
                var keys = operator.getValue().fields();
                while (keys.hasNext()) {
                    var key = keys.next();
                    String value = context.get(key.getKey());
                    List<String> expected = strings(key.getValue());
                    boolean holds = like ? anyMatches(expected, value) : value != null && expected.contains(value);
                    if (!holds) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
