package dev.cdcflow.seeder;

import dev.cdcflow.common.config.EnumOption;
import dev.cdcflow.common.config.Validators;
import dev.cdcflow.seeder.model.GeneratorSettings;
import dev.cdcflow.seeder.model.TrafficMix;
import dev.cdcflow.seeder.model.TransactionKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The configuration of the storefront seeder, declared once. */
public final class SeederConfig extends AbstractConfig {

    /** Where the traffic goes. */
    public enum Target implements EnumOption.Described {
        POSTGRES, KAFKA;

        @Override
        public String description() {
            return switch (this) {
                case POSTGRES -> "rows written into PostgreSQL over JDBC, for Debezium to capture";
                case KAFKA -> "Debezium-shaped change events written straight to Kafka topics, no database needed";
            };
        }
    }

    private static final String GROUP_TARGET = "Target";
    private static final String GROUP_DATA = "Data";
    private static final String GROUP_TRAFFIC = "Traffic";
    private static final String GROUP_MIX = "Traffic mix";

    public static final String TARGET_CONFIG = "target";
    public static final String POSTGRES_URL_CONFIG = "postgres.url";
    public static final String POSTGRES_USER_CONFIG = "postgres.user";
    public static final String POSTGRES_PASSWORD_CONFIG = "postgres.password";
    public static final String POSTGRES_SCHEMA_CONFIG = "postgres.schema";
    public static final String SCHEMA_CREATE_CONFIG = "schema.create";
    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    public static final String LEDGER_TOPIC_CONFIG = "ledger.topic";

    public static final String SEED_CONFIG = "seed";
    public static final String CUSTOMERS_CONFIG = "initial.customers";
    public static final String PRODUCTS_CONFIG = "initial.products";
    public static final String ORDERS_CONFIG = "initial.orders";
    public static final String LOAD_BATCH_SIZE_CONFIG = "load.batch.size";

    public static final String RATE_CONFIG = "rate.tps";
    public static final String MAX_TRANSACTIONS_CONFIG = "max.transactions";
    public static final String MAX_TRANSACTIONS_PER_POLL_CONFIG = "max.transactions.per.poll";
    public static final String POPULARITY_SKEW_CONFIG = "product.popularity.skew";
    public static final String CANCEL_RATIO_CONFIG = "order.cancel.ratio";
    public static final String INVALID_EMAIL_RATIO_CONFIG = "invalid.email.ratio";
    public static final String LOGICAL_START_CONFIG = "logical.start";
    public static final String LOGICAL_STEP_MS_CONFIG = "logical.step.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";

    /** The mix option of each transaction kind, and its default weight. */
    static final Map<TransactionKind, String> MIX_CONFIGS = new EnumMap<>(Map.of(
            TransactionKind.NEW_CUSTOMER, "mix.new.customer",
            TransactionKind.NEW_ORDER, "mix.new.order",
            TransactionKind.ORDER_PROGRESS, "mix.order.progress",
            TransactionKind.PRICE_CHANGE, "mix.price.change",
            TransactionKind.CUSTOMER_UPDATE, "mix.customer.update",
            TransactionKind.ORDER_PURGE, "mix.order.purge",
            TransactionKind.CUSTOMER_ERASE, "mix.customer.erase"));
    private static final Map<TransactionKind, Double> MIX_DEFAULTS = new EnumMap<>(Map.of(
            TransactionKind.NEW_CUSTOMER, 0.05,
            TransactionKind.NEW_ORDER, 0.40,
            TransactionKind.ORDER_PROGRESS, 0.35,
            TransactionKind.PRICE_CHANGE, 0.05,
            TransactionKind.CUSTOMER_UPDATE, 0.08,
            TransactionKind.ORDER_PURGE, 0.05,
            TransactionKind.CUSTOMER_ERASE, 0.02));
    private static final Map<TransactionKind, String> MIX_DOCS = new EnumMap<>(Map.of(
            TransactionKind.NEW_CUSTOMER, "a new customer signs up",
            TransactionKind.NEW_ORDER, "a customer places an order of 1-5 products, chosen by popularity",
            TransactionKind.ORDER_PROGRESS, "an open order moves on: pending to paid or cancelled, paid to shipped, "
                    + "shipped to delivered",
            TransactionKind.PRICE_CHANGE, "a product's price changes by 1-20%",
            TransactionKind.CUSTOMER_UPDATE, "a customer changes email or address",
            TransactionKind.ORDER_PURGE, "a cancelled order is purged (order and items deleted)",
            TransactionKind.CUSTOMER_ERASE, "a customer is erased with their orders and items (deleted)"));
    /** How close to 1 the mix weights must add up. */
    static final double MIX_TOLERANCE = 1e-6;

    public static final ConfigDef CONFIG_DEF = configDef();

    public SeederConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(new ConfigDef.ConfigKey(TARGET_CONFIG, Type.STRING, EnumOption.valueOf(Target.POSTGRES),
                        EnumOption.validator(Target.class), Importance.HIGH,
                        EnumOption.doc("Where the traffic goes:", Target.class), GROUP_TARGET, 1, Width.SHORT,
                        "Target", List.of(), EnumOption.recommender(Target.class), false))
                .define(POSTGRES_URL_CONFIG, Type.STRING, "", Importance.HIGH,
                        "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://postgres:5432/storefront. "
                                + "Required with target=postgres.", GROUP_TARGET, 2, Width.LONG, "PostgreSQL URL")
                .define(POSTGRES_USER_CONFIG, Type.STRING, "postgres", Importance.HIGH, "Database user.",
                        GROUP_TARGET, 3, Width.SHORT, "PostgreSQL user")
                .define(POSTGRES_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, "Database password.",
                        GROUP_TARGET, 4, Width.SHORT, "PostgreSQL password")
                .define(POSTGRES_SCHEMA_CONFIG, Type.STRING, "public", identifier(), Importance.MEDIUM,
                        "Schema the storefront tables live in.", GROUP_TARGET, 5, Width.SHORT, "PostgreSQL schema")
                .define(SCHEMA_CREATE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Create the schema and tables (if missing) at start; otherwise they must exist, e.g. from "
                                + "sql/postgres/.", GROUP_TARGET, 6, Width.SHORT, "Create tables")
                .define(TOPIC_PREFIX_CONFIG, Type.STRING, "storefront", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "With target=kafka: change events go to <prefix>.<schema>.<table>, as "
                                + "Debezium's topic.prefix names them.", GROUP_TARGET, 7, Width.SHORT, "Topic prefix")
                .define(LEDGER_TOPIC_CONFIG, Type.STRING, "storefront.seeder.activity", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Topic of the ledger: one record per committed transaction.",
                        GROUP_TARGET, 8, Width.MEDIUM, "Ledger topic")
                .define(SEED_CONFIG, Type.LONG, 42L, Importance.HIGH,
                        "Random seed: the same seed and data/traffic options give the same transactions.",
                        GROUP_DATA, 1, Width.SHORT, "Seed")
                .define(CUSTOMERS_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "Customers in the full load.", GROUP_DATA, 2, Width.SHORT, "Initial customers")
                .define(PRODUCTS_CONFIG, Type.INT, 200, Range.atLeast(1), Importance.MEDIUM,
                        "Products in the full load (the catalog; its prices change later, it does not grow).",
                        GROUP_DATA, 3, Width.SHORT, "Initial products")
                .define(ORDERS_CONFIG, Type.INT, 2000, Range.atLeast(0), Importance.MEDIUM,
                        "Orders (with their items) in the full load.", GROUP_DATA, 4, Width.SHORT, "Initial orders")
                .define(LOAD_BATCH_SIZE_CONFIG, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                        "Rows per JDBC batch in the full load.", GROUP_DATA, 5, Width.SHORT, "Load batch size")
                .define(RATE_CONFIG, Type.DOUBLE, 10.0, Range.atLeast(0.0), Importance.HIGH,
                        "Transactions per second after the full load, per task; 0 for as fast as possible.",
                        GROUP_TRAFFIC, 1, Width.SHORT, "Rate")
                .define(MAX_TRANSACTIONS_CONFIG, Type.LONG, -1L, Range.atLeast(-1L), Importance.MEDIUM,
                        "Transactions after the full load, per task, before the task idles; -1 for no end.",
                        GROUP_TRAFFIC, 2, Width.SHORT, "Max transactions")
                .define(MAX_TRANSACTIONS_PER_POLL_CONFIG, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                        "Most transactions one poll runs, bounding the ledger batch handed to Connect.",
                        GROUP_TRAFFIC, 3, Width.SHORT, "Transactions per poll")
                .define(POPULARITY_SKEW_CONFIG, Type.DOUBLE, 1.1, Range.between(0.0, 5.0), Importance.LOW,
                        "Zipf exponent of product popularity: 0 is uniform, higher is more skewed.",
                        GROUP_TRAFFIC, 4, Width.SHORT, "Popularity skew")
                .define(CANCEL_RATIO_CONFIG, Type.DOUBLE, 0.1, Range.between(0.0, 1.0), Importance.LOW,
                        "Share of pending orders that are cancelled instead of paid.", GROUP_TRAFFIC, 5,
                        Width.SHORT, "Cancel ratio")
                .define(INVALID_EMAIL_RATIO_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW,
                        "Share of new or changed customer emails written without an '@': invalid rows for the "
                                + "validation and rejected-rows path to catch.", GROUP_TRAFFIC, 6, Width.SHORT,
                        "Invalid email ratio")
                .define(LOGICAL_START_CONFIG, Type.STRING, "2026-01-01T00:00:00Z", instant(), Importance.LOW,
                        "Logical time of the full load; row timestamps advance from it by logical.step.ms per "
                                + "transaction, so that a replay writes identical rows.", GROUP_TRAFFIC, 7,
                        Width.MEDIUM, "Logical start")
                .define(LOGICAL_STEP_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(1L), Importance.LOW,
                        "Logical milliseconds between two transactions.", GROUP_TRAFFIC, 8, Width.SHORT,
                        "Logical step")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1L), Importance.LOW,
                        "First wait after a database error; it doubles up to retry.backoff.max.ms.", GROUP_TRAFFIC,
                        9, Width.SHORT, "Retry backoff")
                .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1L), Importance.LOW,
                        "Longest wait between database retries.", GROUP_TRAFFIC, 10, Width.SHORT,
                        "Max retry backoff");
        int order = 1;
        for (Map.Entry<TransactionKind, String> mix : MIX_CONFIGS.entrySet()) {
            def.define(mix.getValue(), Type.DOUBLE, MIX_DEFAULTS.get(mix.getKey()), Range.between(0.0, 1.0),
                    Importance.MEDIUM, "Share of transactions in which " + MIX_DOCS.get(mix.getKey())
                            + ". The mix.* shares must add up to 1.", GROUP_MIX, order++, Width.SHORT,
                    mix.getValue());
        }
        return def;
    }

    public Target target() {
        return EnumOption.parse(Target.class, TARGET_CONFIG, getString(TARGET_CONFIG));
    }

    public String postgresUrl() {
        return getString(POSTGRES_URL_CONFIG);
    }

    public String postgresUser() {
        return getString(POSTGRES_USER_CONFIG);
    }

    public Password postgresPassword() {
        return getPassword(POSTGRES_PASSWORD_CONFIG);
    }

    public String postgresSchema() {
        return getString(POSTGRES_SCHEMA_CONFIG);
    }

    public boolean schemaCreate() {
        return getBoolean(SCHEMA_CREATE_CONFIG);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public String ledgerTopic() {
        return getString(LEDGER_TOPIC_CONFIG);
    }

    public int loadBatchSize() {
        return getInt(LOAD_BATCH_SIZE_CONFIG);
    }

    public double rate() {
        return getDouble(RATE_CONFIG);
    }

    public long maxTransactions() {
        return getLong(MAX_TRANSACTIONS_CONFIG);
    }

    public int maxTransactionsPerPoll() {
        return getInt(MAX_TRANSACTIONS_PER_POLL_CONFIG);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    public long seed() {
        return getLong(SEED_CONFIG);
    }

    /** The mix weights, keyed by option name (for validation messages). */
    public Map<String, Double> mixByKey() {
        Map<String, Double> weights = new LinkedHashMap<>();
        MIX_CONFIGS.values().forEach(key -> weights.put(key, getDouble(key)));
        return weights;
    }

    public GeneratorSettings generatorSettings(int taskIndex, int taskCount) {
        Map<TransactionKind, Double> weights = new EnumMap<>(TransactionKind.class);
        MIX_CONFIGS.forEach((kind, key) -> weights.put(kind, getDouble(key)));
        return new GeneratorSettings(seed(), taskIndex, taskCount, getInt(CUSTOMERS_CONFIG), getInt(PRODUCTS_CONFIG),
                getInt(ORDERS_CONFIG), new TrafficMix(weights), getDouble(POPULARITY_SKEW_CONFIG),
                getDouble(CANCEL_RATIO_CONFIG), getDouble(INVALID_EMAIL_RATIO_CONFIG),
                Instant.parse(getString(LOGICAL_START_CONFIG)), Duration.ofMillis(getLong(LOGICAL_STEP_MS_CONFIG)));
    }

    private static ConfigDef.Validator identifier() {
        return Validators.described("a lower-case SQL identifier", (name, value) -> {
            if (value == null || !value.toString().matches("[a-z_][a-z0-9_]*")) {
                throw new ConfigException(name, value, "Use lower-case letters, digits and _ (a plain SQL name)");
            }
        });
    }

    private static ConfigDef.Validator instant() {
        return Validators.described("an ISO-8601 instant", (name, value) -> {
            try {
                Instant.parse(String.valueOf(value));
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "Not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        });
    }
}
