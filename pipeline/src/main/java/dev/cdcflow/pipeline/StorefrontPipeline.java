package dev.cdcflow.pipeline;

import dev.cdcflow.batchmodel.UploadStore;
import dev.cdcflow.connectinit.PostgresMigrations;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.MinioInit;
import dev.cdcflow.localstack.PostgresServer;
import dev.cdcflow.localstack.S3Server;
import dev.cdcflow.localstack.StackSecrets;
import dev.cdcflow.pipeline.batch.BatchSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole storefront pipeline on a started local stack: the seeder writes PostgreSQL, Debezium captures it, the
 * ClickHouse sink (with FlattenChangeEvent and ValidateRow) keeps current-state tables, the S3 raw sink lands every
 * change event in the {@code raw} bucket, and the Iceberg stage commits every change row into the stage tables in
 * the {@code lakehouse} bucket; beside it, the batch upload source reads CSV jobs from the {@code uploads} bucket into
 * the {@code batch} database. The connectors come from the repository's templates, as in Compose.
 */
public final class StorefrontPipeline {

    public static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");
    public static final String TOPIC_PREFIX = "storefront";
    public static final String CLICKHOUSE_DATABASE = "storefront";
    public static final String BUCKET = "raw";
    public static final String S3_PREFIX = "cdc";
    public static final String SEEDER = "storefront-seeder";
    public static final String DEBEZIUM = "storefront-debezium";
    public static final String CLICKHOUSE_SINK = "storefront-clickhouse";
    public static final String S3_SINK = "storefront-s3-raw";
    public static final String ICEBERG_STAGE = "storefront-iceberg-stage";
    public static final String LAKEHOUSE_BUCKET = "lakehouse";
    /** The Iceberg stage's JDBC catalog: a database of the same PostgreSQL, as in Compose. */
    public static final String CATALOG_DATABASE = "iceberg_catalog";
    private static final String CATALOG_ROLE = "iceberg_catalog";
    /** Batch upload jobs: the source reading the uploads bucket, and the ClickHouse sink of its topics. */
    public static final String BATCH_SOURCE = "batch-upload";
    public static final String BATCH_CLICKHOUSE_SINK = "batch-clickhouse";
    public static final String BATCH_BUCKET = "uploads";
    public static final String BATCH_PREFIX = "batch";
    public static final String BATCH_DATABASE = "batch";
    /** In the order they are registered. */
    public static final List<String> CONNECTORS = List.of(SEEDER, DEBEZIUM, CLICKHOUSE_SINK, S3_SINK, ICEBERG_STAGE,
            BATCH_SOURCE, BATCH_CLICKHOUSE_SINK);
    /** What ValidateRow checks before a row reaches ClickHouse; the seeder's invalid emails break the last rule. */
    static final String RULES = "orders.total_amount min 0; orders.status in pending,paid,shipped,delivered,cancelled; "
            + "order_items.quantity min 1; customers.email pattern [^@\\s]+@[^@\\s]+";

    /** Debezium's own PostgreSQL role, as in Compose (the embedded server trusts loopback, so any password does). */
    private static final String PUBLICATION = "storefront_debezium";
    private static final String COLUMN_CHANGES = "cdcflow_column_changes";
    private static final Map<String, String> DEBEZIUM_ROLE = Map.of("DEBEZIUM_DB_USER", "debezium",
            "DEBEZIUM_PUBLICATION", PUBLICATION);

    /** The seeder's table-owner role, as in Compose (sql/postgres/V4__seeder_role.sql; trusted on loopback here). */
    private static final String SEEDER_ROLE = "seeder";


    private final LocalStack stack;
    private final List<String> tables;
    private final Map<String, String> variables;
    private boolean databasesPrepared;

    public StorefrontPipeline(LocalStack stack) {
        this(stack, TABLES, Map.of());
    }

    /**
     * A pipeline capturing {@code tables} of the public schema: the storefront's first, then others one adds (which
     * must exist before {@link #start}). {@code variables} fill the templates over this class's own choices, as
     * settings in a Compose {@code .env} would (benchmarks use them to try settings).
     */
    public StorefrontPipeline(LocalStack stack, List<String> tables, Map<String, String> variables) {
        this.stack = stack;
        this.tables = List.copyOf(tables);
        this.variables = Map.copyOf(variables);
    }

    /** This pipeline with other template variables; its next {@link #start} updates the running connectors. */
    public StorefrontPipeline withVariables(Map<String, String> otherVariables) {
        StorefrontPipeline changed = new StorefrontPipeline(stack, tables, otherVariables);
        changed.databasesPrepared = databasesPrepared;
        return changed;
    }

    /**
     * Prepares the databases (the first time only) and the buckets and S3 users as the Compose stack's init
     * containers do, then registers the five connectors (an update when one exists already, nothing when it is
     * unchanged). A later call changes settings while the traffic runs.
     */
    public void start(PipelineOptions options) {
        if (!databasesPrepared) {
            // Once, as Compose runs its init scripts once: the schema's ALTER TABLEs would wait for the seeder's
            // writes, and PostgreSQL may pick either side as a deadlock's victim.
            prepareDatabases();
            databasesPrepared = true;
        }
        // Buckets, users and policies as Compose's minio-init makes them, by the same script.
        // The sinks then write as the users it makes, under its policies, which the local S3 server enforces.
        MinioInit.run(stack.s3(), MinioInit.composeDefaults());
        register("storefront-seeder", Map.of(
                "SEEDER_SEED", Long.toString(options.seed()),
                "SEEDER_RATE", Integer.toString(options.ratePerSecond()),
                "SEEDER_CUSTOMERS", Integer.toString(options.customers()),
                "SEEDER_PRODUCTS", Integer.toString(Math.max(1, options.customers() / 5)),
                "SEEDER_ORDERS", Integer.toString(options.customers() * 2),
                "SEEDER_MAX_TRANSACTIONS", Long.toString(options.maxTransactions()),
                "SEEDER_INVALID_EMAIL_RATIO", Double.toString(options.invalidEmailRatio()),
                "SEEDER_DB_USER", SEEDER_ROLE));
        Map<String, String> debezium = new HashMap<>(DEBEZIUM_ROLE);
        // The column-change table (migration 6) too: renames reach the sinks in order with the rows.
        debezium.put("DEBEZIUM_TABLES", String.join(",", tables.stream().map(table -> "public." + table).toList())
                + ",public." + COLUMN_CHANGES);
        debezium.put("DEBEZIUM_PUBLICATION_AUTOCREATE", "disabled");
        register("debezium-postgres", debezium);
        register("clickhouse-sink", Map.of("VALIDATE_RULES", RULES,
                "CLICKHOUSE_SINK_TOPICS_REGEX", topicsRegex()));
        // Files close on a short span of record time, so objects keep arriving while the traffic flows, and as
        // soon after a pause (idle close); the envelope keeps each event's key and Kafka position beside its value.
        register("s3-raw-sink", Map.of("S3_SINK_TOPICS_REGEX", topicsRegex(),
                "S3_FLUSH_SPAN_MS", Long.toString(options.s3FlushSeconds() * 1000L),
                "S3_FLUSH_IDLE_MS", Long.toString(options.s3FlushSeconds() * 1000L), "S3_ENVELOPE", "true",
                "S3_ACCESS_KEY", MinioInit.S3_SINK_USER));
        // Only the tables the stage config keeps: another table's rows would each go to the stage's dead letters.
        register("iceberg-stage", Map.of("ICEBERG_STAGE_TOPICS_REGEX", topicsRegex(TABLES),
                "ICEBERG_S3_ACCESS_KEY", MinioInit.ICEBERG_S3_USER,
                "ICEBERG_CATALOG_URI", stack.postgres().jdbcUrl(CATALOG_DATABASE),
                // The catalog database's own role, which the migrations make, as in Compose.
                "ICEBERG_CATALOG_USER", CATALOG_ROLE,
                "ICEBERG_STAGE_CONFIG_FILE", LocalStack.repositoryDir().resolve("lakehouse/stage_tables.yaml")
                        .toString(),
                "ICEBERG_COMMIT_INTERVAL_MS", Long.toString(options.stageCommitSeconds() * 1000L)));
        registerBatch();
    }

    /**
     * Only the batch upload jobs' part: the uploads bucket and its users (as Compose's minio-init makes them), the
     * batch upload source and its ClickHouse sink.
     */
    public void startBatch() {
        MinioInit.run(stack.s3(), MinioInit.composeDefaults());
        registerBatch();
    }

    private void registerBatch() {
        register("batch-upload", Map.of("BATCH_S3_ACCESS_KEY", MinioInit.BATCH_S3_USER,
                "BATCH_BUCKET", BATCH_BUCKET, "BATCH_S3_PREFIX", BATCH_PREFIX, "BATCH_POLL_INTERVAL_MS", "1000"));
        register("batch-clickhouse-sink", Map.of("BATCH_CLICKHOUSE_DATABASE", BATCH_DATABASE));
    }

    /** What the batch command needs to reach this stack's uploads and ClickHouse, as the uploader. */
    public static BatchSettings batchSettings(LocalStack stack) {
        return new BatchSettings(new UploadStore.Access(BATCH_BUCKET, S3Server.REGION,
                stack.s3().endpoint().toString(), true, MinioInit.BATCH_UPLOADER, MinioInit.BATCH_UPLOADER_SECRET),
                BATCH_PREFIX, stack.clickHouse().httpUrl(), ClickHouseServer.USER, "", BATCH_DATABASE);
    }

    private void register(String template, Map<String, String> overrides) {
        Map<String, String> filled = new HashMap<>(overrides);
        filled.putAll(variables);
        stack.register(LocalStack.template(template), filled);
    }

    /**
     * Brings the databases up to date as the Compose stack does: PostgreSQL with connect-init's migrations of
     * sql/postgres/ (the storefront schema, Debezium's least-privilege role and publication, the Iceberg catalog's
     * database and role, the seeder's table-owner role), ClickHouse with sql/clickhouse/ (its database and
     * rejected_rows). Tables beyond the storefront's join Debezium's publication here (they must exist already).
     */
    private void prepareDatabases() {
        PostgresMigrations.migrate(stack.postgres().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD,
                LocalStack.repositoryDir().resolve("sql/postgres"), sqlEnvironment());
        for (String table : tables.subList(TABLES.size(), tables.size())) {
            String inPublication = "SELECT 1 FROM pg_publication_tables WHERE pubname = '" + PUBLICATION
                    + "' AND tablename = '" + table.replace("'", "''") + "'";
            if (stack.postgres().query(inPublication).isEmpty()) {
                String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
                stack.postgres().execute("GRANT SELECT ON " + quoted + " TO " + DEBEZIUM_ROLE.get("DEBEZIUM_DB_USER"),
                        "ALTER PUBLICATION " + PUBLICATION + " ADD TABLE " + quoted);
            }
        }
        stack.clickHouse().runScript(LocalStack.repositoryDir().resolve("sql/clickhouse/01-storefront.sql"));
    }

    /**
     * What the migrations read from their environment, as Compose's connect-init gets it: the stack's settings, the
     * roles' names, and their passwords (the ones the worker resolves the templates' ${env:…} with).
     */
    private Map<String, String> sqlEnvironment() {
        Map<String, String> environment = new HashMap<>(stack.templateVariables());
        environment.putAll(DEBEZIUM_ROLE);
        environment.put("SEEDER_DB_USER", SEEDER_ROLE);
        environment.putAll(StackSecrets.VALUES);
        return environment;
    }

    /** The topics Debezium writes for the captured tables. */
    private String topicsRegex() {
        return topicsRegex(tables);
    }

    private static String topicsRegex(List<String> tables) {
        return Pattern.quote(TOPIC_PREFIX + ".public.") + "(" + String.join("|", tables) + ")";
    }
}
