package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.IdentityCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Applies the rules to rows. The rules of a topic are grouped by column once, and resolved to schema fields once
 * per row schema, so checking a valid row is a loop over fields and checks with no allocation.
 */
final class RowValidator {

    /** The checks of one column. */
    private record ColumnChecks(String column, Check[] checks) {
    }

    /** The checks of one column resolved against one row schema (field is null when the schema lacks it). */
    private record FieldChecks(Field field, String column, Check[] checks) {
    }

    private final List<Rule> rules;
    private final int schemaCacheSize;
    private final Map<String, ColumnChecks[]> byTopic = new HashMap<>();
    private final Map<String, IdentityCache<Schema, FieldChecks[]>> byTopicAndSchema = new HashMap<>();

    RowValidator(List<Rule> rules, int schemaCacheSize) {
        this.rules = List.copyOf(rules);
        this.schemaCacheSize = schemaCacheSize;
    }

    /** The problems of a row (a Struct or a Map); empty when it passes every rule. */
    List<Problem> validate(String topic, Object row) {
        if (row instanceof Struct struct) {
            FieldChecks[] plan = byTopicAndSchema
                    .computeIfAbsent(topic, key -> new IdentityCache<>(schemaCacheSize))
                    .computeIfAbsent(struct.schema(), schema -> resolve(columnChecks(topic), schema));
            List<Problem> problems = null;
            for (FieldChecks column : plan) {
                Object value = column.field() == null ? null : struct.get(column.field());
                problems = run(column.column(), column.checks(), value, problems);
            }
            return problems == null ? List.of() : problems;
        }
        if (row instanceof Map<?, ?> map) {
            List<Problem> problems = null;
            for (ColumnChecks column : columnChecks(topic)) {
                problems = run(column.column(), column.checks(), map.get(column.column()), problems);
            }
            return problems == null ? List.of() : problems;
        }
        return List.of();
    }

    void clear() {
        byTopic.clear();
        byTopicAndSchema.clear();
    }

    private static List<Problem> run(String column, Check[] checks, Object value, List<Problem> problems) {
        for (Check check : checks) {
            Problem problem = check.test(column, value);
            if (problem != null) {
                if (problems == null) {
                    problems = new ArrayList<>(2);
                }
                problems.add(problem);
            }
        }
        return problems;
    }

    private ColumnChecks[] columnChecks(String topic) {
        return byTopic.computeIfAbsent(topic, key -> {
            Map<String, List<Check>> grouped = new LinkedHashMap<>();
            rules.stream().filter(rule -> rule.appliesTo(key))
                    .forEach(rule -> grouped.computeIfAbsent(rule.column(), column -> new ArrayList<>())
                            .add(rule.check()));
            return grouped.entrySet().stream()
                    .map(entry -> new ColumnChecks(entry.getKey(), entry.getValue().toArray(Check[]::new)))
                    .toArray(ColumnChecks[]::new);
        });
    }

    private static FieldChecks[] resolve(ColumnChecks[] columns, Schema schema) {
        FieldChecks[] resolved = new FieldChecks[columns.length];
        for (int i = 0; i < columns.length; i++) {
            resolved[i] = new FieldChecks(schema.field(columns[i].column()), columns[i].column(), columns[i].checks());
        }
        return resolved;
    }
}
