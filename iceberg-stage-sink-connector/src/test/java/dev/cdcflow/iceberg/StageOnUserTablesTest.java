package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

/**
 * The stage's policy for what users' tables send, through real Debezium events from the templates: an update under
 * the default replica identity that leaves a large (TOAST) value unchanged is a change row with the value null and the
 * column named in unchanged_columns (never Debezium's placeholder); a TRUNCATE is a change row with op 't', null
 * columns and its version; tables of the same name in two schemas land in two stage tables through
 * table.name.format=${schema}_${table}.
 */
@LocalStackTest
class StageOnUserTablesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PREFIX = "ustage";
    private static final String NAMESPACE = "ustage";
    private static final String TABLE = """
                columns:
                  - {name: id, type: long}
                  - {name: n, type: int}
                  - {name: body, type: string}
                  - {name: op, from: _op, type: string}
                  - {name: version, from: _version, type: long}
                  - {name: unchanged_columns, from: _unchanged_columns, type: string}
                  - {name: event_date, from: _event_date, type: date}
                partition_by: [day(event_date)]
            """;
    private static final String STAGE = "tables:\n  public_notes:\n" + TABLE + "  sales_notes:\n" + TABLE;

    @Test
    void unchangedValuesTruncatesAndSameNamedTablesFollowTheStagePolicy(LocalStack stack) {
        String large = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 1500) i)";
        stack.postgres().execute("CREATE SCHEMA IF NOT EXISTS sales",
                "CREATE TABLE public.notes (id INT PRIMARY KEY, n INT, body TEXT)",
                "CREATE TABLE sales.notes (id INT PRIMARY KEY, n INT, body TEXT)",
                "INSERT INTO public.notes VALUES (1, 0, " + large + ")",
                "INSERT INTO sales.notes VALUES (1, 100, 'small')");
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", PREFIX + "-debezium", "TOPIC_PREFIX", PREFIX,
                "DEBEZIUM_TABLES", "public\\.notes,sales\\.notes", "DEBEZIUM_SLOT", PREFIX + "_slot",
                "DEBEZIUM_PUBLICATION", PREFIX + "_publication", "DEBEZIUM_SLOT_DROP_ON_STOP", "true")));
        rest.putConnector(stage(stack));
        try {
            Await.until("the snapshot in the stage", TIMEOUT, () -> rows(stack, "public_notes").size() == 1
                    && rows(stack, "sales_notes").size() == 1);
            stack.postgres().execute("UPDATE public.notes SET n = 1", "TRUNCATE public.notes",
                    "INSERT INTO public.notes VALUES (2, 2, 'after')");
            Await.until("the update, truncate and insert in the stage", TIMEOUT,
                    () -> rows(stack, "public_notes").size() == 4);

            List<Record> rows = rows(stack, "public_notes");
            assertThat(rows).extracting(row -> row.getField("op")).containsExactly("r", "u", "t", "c");
            Record update = rows.get(1);
            assertThat(update.getField("body")).as("no placeholder, no value").isNull();
            assertThat(update.getField("unchanged_columns")).isEqualTo("body");
            assertThat(rows.get(0).getField("unchanged_columns")).isNull();
            Record truncate = rows.get(2);
            assertThat(truncate.getField("id")).isNull();
            assertThat((Long) truncate.getField("version")).isGreaterThan((Long) update.getField("version"))
                    .isLessThan((Long) rows.get(3).getField("version"));
            assertThat(rows(stack, "sales_notes")).extracting(row -> row.getField("body")).containsExactly("small");
        } finally {
            rest.deleteConnector(PREFIX + "-stage");
            rest.deleteConnector(PREFIX + "-debezium");
        }
    }

    /** The stage from its template, with this test's catalog namespace and stage config. */
    private static ConnectorDefinition stage(LocalStack stack) {
        Map<String, String> overrides = new HashMap<>(StageFixtures.catalogConfig(stack, NAMESPACE));
        overrides.put(IcebergStageConfig.STAGE_CONFIG, STAGE);
        overrides.put(IcebergStageConfig.STAGE_CONFIG_FILE, "");
        overrides.put(IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        overrides.put(IcebergStageConfig.TABLE_NAME_FORMAT_CONFIG, "${schema}_${table}");
        overrides.put("errors.deadletterqueue.topic.name", PREFIX + "-dlq");
        // The catalog's place comes from the overrides; the template only needs values to be rendered.
        return stack.render(LocalStack.template("iceberg-stage"), Map.of("ICEBERG_STAGE_NAME", PREFIX + "-stage",
                "ICEBERG_STAGE_TOPICS_REGEX", PREFIX + "\\.(public|sales)\\.notes", "ICEBERG_CATALOG_URI",
                overrides.get(IcebergStageConfig.CATALOG_URI_CONFIG), "ICEBERG_CATALOG_USER",
                overrides.get(IcebergStageConfig.CATALOG_USER_CONFIG))).with(overrides);
    }

    /** The stage table's rows in version order; none while it does not exist. */
    private static List<Record> rows(LocalStack stack, String table) {
        Map<String, String> config = new HashMap<>(StageFixtures.catalogConfig(stack, NAMESPACE));
        config.put(IcebergStageConfig.STAGE_CONFIG, STAGE);
        try (StageCatalog catalog = new StageCatalog(new IcebergStageConfig(config))) {
            List<Record> rows = new ArrayList<>();
            try (CloseableIterable<Record> read = IcebergGenerics.read(catalog.table(StageConfig.parse(STAGE)
                    .table(table))).build()) {
                read.forEach(row -> rows.add(row.copy()));
            }
            rows.sort(Comparator.comparing(row -> (Long) row.getField("version")));
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
