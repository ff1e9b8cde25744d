package dev.cdcflow.pipeline.soak;

import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.PipelineAudit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The soak's table of what users' tables have and the storefront lacks: large (TOAST) values under the default
 * replica identity, updates that leave them unchanged, and DDL between cycles. While the traffic flows a thread
 * inserts documents with a 9,600-character body, updates their counter (the body unchanged: Debezium sends its
 * placeholder), replaces bodies and deletes documents. After each clean check one change is made, in turn: a column
 * added with a default, the label column renamed, the added column dropped, the table truncated (and refilled). The
 * check compares every key's row in PostgreSQL, under its current columns, with ClickHouse FINAL.
 */
final class DocumentsTable {

    static final String TABLE = "documents";
    private static final String BODY = "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 300))";
    private static final long TICK_MS = 150;

    private final LocalStack stack;
    private final Random random;
    private volatile boolean writing;
    private Thread writer;

    DocumentsTable(LocalStack stack, long seed) {
        this.stack = stack;
        this.random = new Random(seed);
    }

    /** Creates the table unless it exists (a resumed soak finds it), with rows to begin with. */
    void create() {
        if (!stack.postgres().query("SELECT 1 FROM pg_tables WHERE tablename = '" + TABLE + "'").isEmpty()) {
            return;
        }
        stack.postgres().execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, n INT NOT NULL, "
                + "label TEXT, body TEXT)",
                "INSERT INTO " + TABLE + " SELECT i, 0, 'label ' || i, " + BODY + " FROM generate_series(1, 50) i");
    }

    /** Starts writing in a thread of its own; {@link #pause()} and {@link #resume()} hold and release it. */
    void start() {
        writing = true;
        writer = new Thread(this::write, "soak-documents");
        writer.setDaemon(true);
        writer.start();
    }

    void pause() {
        writing = false;
        // A statement under way finishes: the check then sees a quiet table.
        try {
            Thread.sleep(TICK_MS * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void resume() {
        writing = true;
    }

    /** The schema change after a clean check of {@code cycle}, one of four in turn; returns what it did. */
    String change(int cycle) {
        String label = currentColumns().stream().filter(column -> column.startsWith("label")).findFirst()
                .orElseThrow();
        List<String> extras = currentColumns().stream().filter(column -> column.startsWith("extra_")).toList();
        String statement = switch (cycle % 4) {
            // Each made so that a cycle checked again after a kill can make it again.
            case 1 -> "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS extra_" + cycle + " TEXT DEFAULT 'default "
                    + cycle + "'";
            case 2 -> label.equals("label_" + cycle) ? null
                    : "ALTER TABLE " + TABLE + " RENAME COLUMN " + label + " TO label_" + cycle;
            case 3 -> extras.isEmpty() ? null : "ALTER TABLE " + TABLE + " DROP COLUMN IF EXISTS " + extras.get(0);
            default -> "TRUNCATE " + TABLE;
        };
        if (statement == null) {
            return "nothing to change";
        }
        stack.postgres().execute(statement);
        if (statement.startsWith("TRUNCATE")) {
            stack.postgres().execute("INSERT INTO " + TABLE + " (id, n, " + label + ", body) SELECT i, 0, 'again ' "
                    + "|| i, " + BODY + " FROM generate_series(1, 20) i");
        }
        return statement;
    }

    /** Keys whose row in ClickHouse differs from PostgreSQL's, in the columns PostgreSQL has now. */
    List<PipelineAudit.Difference> differences() {
        List<String> columns = currentColumns().stream().filter(column -> !column.equals("body")).toList();
        Map<String, List<String>> postgres = new LinkedHashMap<>();
        for (List<String> row : stack.postgres().query("SELECT " + columns.stream().map(column -> column + "::text")
                .collect(Collectors.joining(", ")) + ", md5(body) FROM " + TABLE)) {
            postgres.put(row.get(0), row.stream().map(value -> value == null ? ClickHouseServer.NULL : value)
                    .toList());
        }
        Map<String, List<String>> clickHouse = new LinkedHashMap<>();
        try {
            for (List<String> row : stack.clickHouse().rows("SELECT " + columns.stream()
                    .map(column -> "toString(`" + column + "`)").collect(Collectors.joining(", "))
                    + ", lower(hex(MD5(body))) FROM storefront." + TABLE + " FINAL WHERE _is_deleted = 0")) {
                clickHouse.put(row.get(0), row);
            }
        } catch (IllegalStateException notYet) {
            // No table or no column yet: every key differs until it comes.
        }
        TreeSet<String> keys = new TreeSet<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        keys.addAll(postgres.keySet());
        keys.addAll(clickHouse.keySet());
        List<PipelineAudit.Difference> differences = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(postgres.get(key), clickHouse.get(key))) {
                differences.add(new PipelineAudit.Difference(TABLE, key, postgres.get(key), clickHouse.get(key)));
            }
        }
        return differences;
    }

    /** Rows in PostgreSQL now. */
    int rows() {
        return Integer.parseInt(stack.postgres().query("SELECT count(*) FROM " + TABLE).get(0).get(0));
    }

    private List<String> currentColumns() {
        return stack.postgres().query("SELECT column_name FROM information_schema.columns WHERE table_name = '"
                + TABLE + "' ORDER BY ordinal_position").stream().map(row -> row.get(0)).toList();
    }

    private void write() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(TICK_MS);
                if (writing) {
                    stack.postgres().execute(nextStatement());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException faultUnderWay) {
                // PostgreSQL crashed or restarts (a fault of the cycle): the next tick tries again.
            }
        }
    }

    private String nextStatement() {
        int roll = random.nextInt(100);
        String someone = "(SELECT id FROM " + TABLE + " ORDER BY random() LIMIT 1)";
        if (roll < 35) {
            String label = currentColumns().stream().filter(column -> column.startsWith("label")).findFirst()
                    .orElseThrow();
            return "INSERT INTO " + TABLE + " (id, n, " + label + ", body) SELECT coalesce(max(id), 0) + 1, 0, "
                    + "'new', " + BODY + " FROM " + TABLE;
        }
        if (roll < 75) {
            return "UPDATE " + TABLE + " SET n = n + 1 WHERE id = " + someone;
        }
        if (roll < 90) {
            return "UPDATE " + TABLE + " SET body = " + BODY + " WHERE id = " + someone;
        }
        return "DELETE FROM " + TABLE + " WHERE id = " + someone;
    }
}
