package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole storefront pipeline on a started local stack: the seeder writes PostgreSQL, Debezium captures it, the
 * ClickHouse sink (with FlattenChangeEvent and ValidateRow) keeps current-state tables, and the S3 raw sink lands
 * every change event in the {@code raw} bucket. The connectors come from the repository's templates, as in Compose.
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
    /** In the order they start: the seeder creates the tables Debezium captures. */
    public static final List<String> CONNECTORS = List.of(SEEDER, DEBEZIUM, CLICKHOUSE_SINK, S3_SINK);
    /** What ValidateRow checks before a row reaches ClickHouse; the seeder's invalid emails break the last rule. */
    static final String RULES = "orders.total_amount min 0; orders.status in pending,paid,shipped,delivered,cancelled; "
            + "order_items.quantity min 1; customers.email pattern [^@\\s]+@[^@\\s]+";

    private final LocalStack stack;
    private final List<String> tables;

    public StorefrontPipeline(LocalStack stack) {
        this(stack, TABLES);
    }

    /** A pipeline capturing {@code tables} of the public schema (the storefront's, and others one adds). */
    public StorefrontPipeline(LocalStack stack, List<String> tables) {
        this.stack = stack;
        this.tables = List.copyOf(tables);
    }

    /** Creates the bucket and registers the four connectors (an update when one exists already). */
    public void start(PipelineOptions options) {
        if (stack.s3().client().listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(BUCKET))) {
            stack.s3().createBucket(BUCKET);
        }
        stack.register(LocalStack.template("storefront-seeder"), Map.of(
                "SEEDER_SEED", Long.toString(options.seed()),
                "SEEDER_RATE", Integer.toString(options.ratePerSecond()),
                "SEEDER_CUSTOMERS", Integer.toString(options.customers()),
                "SEEDER_PRODUCTS", Integer.toString(Math.max(1, options.customers() / 5)),
                "SEEDER_ORDERS", Integer.toString(options.customers() * 2),
                "SEEDER_MAX_TRANSACTIONS", Long.toString(options.maxTransactions()),
                "SEEDER_INVALID_EMAIL_RATIO", Double.toString(options.invalidEmailRatio())));
        stack.connect().rest().awaitRunning(SEEDER, 1, Duration.ofMinutes(2));
        stack.register(LocalStack.template("debezium-postgres"), Map.of("DEBEZIUM_TABLES", String.join(",",
                tables.stream().map(table -> "public." + table).toList())));
        stack.register(LocalStack.template("clickhouse-sink"), Map.of("VALIDATE_RULES", RULES,
                "CLICKHOUSE_SINK_TOPICS_REGEX", topicsRegex()));
        // Files close on a short span of record time, so objects keep arriving while the traffic flows; the
        // envelope keeps each event's key and Kafka position beside its value.
        stack.register(LocalStack.template("s3-raw-sink"), Map.of("S3_SINK_TOPICS_REGEX", topicsRegex(),
                "S3_FLUSH_SPAN_MS", Long.toString(options.s3FlushSeconds() * 1000L), "S3_ENVELOPE", "true"));
    }

    /** The topics Debezium writes for the captured tables. */
    private String topicsRegex() {
        return Pattern.quote(TOPIC_PREFIX + ".public.") + "(" + String.join("|", tables) + ")";
    }
}
