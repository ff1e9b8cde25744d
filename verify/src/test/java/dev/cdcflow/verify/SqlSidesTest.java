package dev.cdcflow.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cdcflow.clickhousetext.ClickHouseHttp;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same rows in PostgreSQL and in a table shaped as the ClickHouse sink makes them (versions, deleted flags, a
 * newer version FINAL keeps) digest alike on both servers, whatever the values (NULLs, decimals at their scale,
 * booleans, quotes and backslashes); differences planted in ClickHouse are each found and named.
 */
@LocalStackTest
class SqlSidesTest {

    private static final int ROWS = 20_000;

    @Test
    void equalTablesDigestAlikeAndPlantedDifferencesAreNamed(LocalStack stack) throws Exception {
        stack.postgres().execute("CREATE TABLE verify_items (id BIGINT PRIMARY KEY, label TEXT, price NUMERIC(12, 3), "
                        + "quantity INTEGER NOT NULL, gift BOOLEAN, code CHAR(3), created TIMESTAMPTZ, day DATE)",
                "INSERT INTO verify_items SELECT i, CASE WHEN i % 11 = 0 THEN NULL ELSE 'item ' || i || ' it''s \\ "
                        + "fine' END, CASE WHEN i % 13 = 0 THEN NULL ELSE round(i / 7.0, 3) END, i % 5, "
                        + "CASE WHEN i % 17 = 0 THEN NULL ELSE i % 2 = 0 END, 'a', CASE WHEN i % 19 = 0 THEN NULL "
                        + "ELSE timestamptz '2026-01-01 00:00:00+00' + i * interval '1.234567 second' END, "
                        + "date '2026-01-01' + i % 400 FROM generate_series(1, " + ROWS + ") AS i");
        stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS verify");
        stack.clickHouse().execute("CREATE TABLE verify.verify_items (id Int64, label Nullable(String), "
                + "price Nullable(Decimal(12, 3)), quantity Int32, gift Nullable(UInt8), code Nullable(String), "
                + "created Nullable(Int64), day Nullable(Date), _version UInt64, _is_deleted UInt8) "
                + "ENGINE = ReplacingMergeTree(_version) ORDER BY id");
        copyToClickHouse(stack, "1 = 1", 1);
        // An older version of some rows, and a deleted row, that FINAL and the deleted flag must hide.
        stack.clickHouse().execute("INSERT INTO verify.verify_items SELECT id, 'stale', NULL, 0, NULL, NULL, NULL, "
                + "NULL, 0, 0 FROM verify.verify_items WHERE id % 100 = 0");
        stack.clickHouse().execute("INSERT INTO verify.verify_items VALUES (" + (ROWS + 5) + ", 'gone', NULL, 1, "
                + "NULL, NULL, NULL, NULL, 9, 1)");

        try (Connection postgres = stack.postgres().connect()) {
            List<Column> columns = PostgresTable.columnsOf(postgres, "public", "verify_items");
            PostgresTable source = new PostgresTable(postgres, "public.verify_items", "id", columns);
            ClickHouseTable copy = new ClickHouseTable(new ClickHouseHttp(stack.clickHouse().httpUrl(), "default",
                    ""), "verify", "verify_items", "id", columns);

            RangeComparison.Result equal = new RangeComparison(source, copy, 16, 500).compare();
            assertThat(equal.differences()).as("differences of equal tables").isEmpty();
            assertThat(equal.digestQueries()).isEqualTo(2);

            stack.clickHouse().execute("INSERT INTO verify.verify_items SELECT id, label, price + 1, quantity, gift, "
                    + "code, created, day, 2, 0 FROM verify.verify_items FINAL WHERE id = 777");
            stack.clickHouse().execute("INSERT INTO verify.verify_items SELECT id, label, price, quantity, gift, "
                    + "code, created, day, 2, 1 FROM verify.verify_items FINAL WHERE id = 4242");
            stack.clickHouse().execute("INSERT INTO verify.verify_items VALUES (" + (ROWS + 1) + ", 'extra', NULL, "
                    + "1, NULL, NULL, NULL, NULL, 1, 0)");
            stack.postgres().execute("DELETE FROM verify_items WHERE id = 15000");

            RangeComparison.Result planted = new RangeComparison(source, copy, 16, 500).compare();
            assertThat(planted.differences()).extracting(KeyDifference::key, KeyDifference::kind).containsExactly(
                    tuple(777L, KeyDifference.Kind.CHANGED), tuple(4242L, KeyDifference.Kind.MISSING),
                    tuple(15000L, KeyDifference.Kind.EXTRA), tuple((long) ROWS + 1, KeyDifference.Kind.EXTRA));
            // 777 / 7 = 111 (trailing zeros trimmed), 777 s of 1.234567 s after 2026-01-01 00:00 UTC in microseconds.
            assertThat(planted.differences().get(0).source()).containsExactly("777", "item 777 it's \\ fine", "111",
                    "2", "0", "a  ", "1767226559258559", "2027-01-13");
            assertThat(planted.differences().get(0).copy()).containsExactly("777", "item 777 it's \\ fine", "112",
                    "2", "0", "a  ", "1767226559258559", "2027-01-13");
            assertThat(planted.rowsRead()).isLessThan(4 * 2 * 500);
        }
    }

    /** The PostgreSQL rows matching {@code where} into ClickHouse at {@code version}, as the sink would write them. */
    private static void copyToClickHouse(LocalStack stack, String where, long version) {
        StringBuilder values = new StringBuilder();
        for (List<String> row : stack.postgres().query("SELECT id, label, price, quantity, CASE WHEN gift IS NULL "
                + "THEN NULL WHEN gift THEN 1 ELSE 0 END, code, floor(extract(epoch from created) * 1000000)::bigint, "
                + "day FROM verify_items WHERE " + where + " ORDER BY id")) {
            values.append(values.isEmpty() ? "" : ",").append('(').append(row.get(0)).append(',')
                    .append(literal(row.get(1))).append(',').append(row.get(2) == null ? "NULL" : row.get(2))
                    .append(',').append(row.get(3)).append(',').append(row.get(4) == null ? "NULL" : row.get(4))
                    .append(',').append(literal(row.get(5))).append(',')
                    .append(row.get(6) == null ? "NULL" : row.get(6)).append(',').append(literal(row.get(7)))
                    .append(',').append(version).append(",0)");
        }
        stack.clickHouse().execute("INSERT INTO verify.verify_items VALUES " + values);
    }

    private static String literal(String value) {
        return value == null ? "NULL" : ClickHouseHttp.literal(value);
    }
}
