package dev.cdcflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL queries of the Grafana dashboard, and what each needs of the series: the metric names it reads and the
 * labels it groups by ({@code by (...)}).
 */
final class DashboardQueries {

    static final Path DASHBOARD = Path.of("monitoring", "grafana", "dashboards", "cdcflow-pipeline.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:cdcflow|kafka_connect|debezium)_[a-z0-9_]+\\b");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");

    /** One query: its panel, its text, the metrics and grouping labels in it. */
    record Query(String panel, String expr, List<String> metrics, List<String> groupedBy) {
    }

    private DashboardQueries() {
    }

    static List<Query> read(Path repository) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(repository.resolve(DASHBOARD).toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                queries.add(new Query(panel.path("title").asText(), expr, all(METRIC.matcher(expr), 0),
                        all(BY.matcher(expr), 1).stream().flatMap(group -> Arrays.stream(group.split(",")))
                                .map(String::trim).distinct().toList()));
            }
        }
        return queries;
    }

    private static List<String> all(Matcher matcher, int group) {
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found.stream().distinct().toList();
    }
}
