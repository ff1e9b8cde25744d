package dev.cdcflow.clickhouse;

import dev.cdcflow.clickhouse.schema.ColumnReferences;
import dev.cdcflow.common.CdcColumns;
import dev.cdcflow.common.config.TableNames;
import dev.cdcflow.common.config.Validators;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The configuration of the ClickHouse sink, declared once. */
public final class ClickHouseSinkConfig extends AbstractConfig {

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_TABLES = "Tables";
    private static final String GROUP_WRITES = "Writes";

    public static final String URL_CONFIG = "clickhouse.url";
    public static final String USER_CONFIG = "clickhouse.user";
    public static final String PASSWORD_CONFIG = "clickhouse.password";
    public static final String DATABASE_CONFIG = "clickhouse.database";
    public static final String TIMEOUT_MS_CONFIG = "clickhouse.timeout.ms";

    public static final String TABLE_NAME_FORMAT_CONFIG = "table.name.format";
    public static final String TOPIC_TABLE_MAP_CONFIG = "topic.table.map";
    public static final String AUTO_CREATE_CONFIG = "auto.create";
    public static final String AUTO_EVOLVE_CONFIG = "auto.evolve";
    public static final String KEY_COLUMNS_CONFIG = "key.columns";
    public static final String VERSION_COLUMN_CONFIG = "version.column";
    public static final String DELETED_COLUMN_CONFIG = "deleted.column";
    public static final String UNCHANGED_COLUMNS_COLUMN_CONFIG = "unchanged.columns.column";
    public static final String PARTITION_BY_CONFIG = "partition.by";
    public static final String OFFSETS_TABLE_CONFIG = "offsets.table";
    public static final String REJECTED_ROWS_TABLE_CONFIG = "rejected.rows.table";

    public static final String BATCH_MAX_ROWS_CONFIG = "batch.max.rows";
    public static final String BATCH_MAX_BYTES_CONFIG = "batch.max.bytes";
    public static final String BATCH_MAX_WAIT_MS_CONFIG = "batch.max.wait.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
    public static final String SSL_ROOT_CERTIFICATE_CONFIG = "clickhouse.ssl.root.certificate";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "clickhouse.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "clickhouse.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "clickhouse.ssl.truststore.type";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, httpUrl(), Importance.HIGH,
                    "HTTP(S) endpoint of ClickHouse, e.g. http://clickhouse:8123 (https:// for TLS).",
                    GROUP_CONNECTION, 1, Width.LONG, "ClickHouse URL")
            .define(USER_CONFIG, Type.STRING, "default", Importance.HIGH, "ClickHouse user.", GROUP_CONNECTION, 2,
                    Width.SHORT, "User")
            .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, "ClickHouse password.", GROUP_CONNECTION, 3,
                    Width.SHORT, "Password")
            .define(DATABASE_CONFIG, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Database the tables live in; created if missing when auto.create is on.", GROUP_CONNECTION, 4,
                    Width.SHORT, "Database")
            .define(TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1_000L), Importance.LOW,
                    "Timeout of one request to ClickHouse.", GROUP_CONNECTION, 5, Width.SHORT, "Timeout")
            .define(SSL_ROOT_CERTIFICATE_CONFIG, Type.STRING, "", Importance.LOW,
                    "PEM file of the certificate authority to trust for https:// URLs; empty: the JVM's defaults.",
                    GROUP_CONNECTION, 6, Width.LONG, "TLS root certificate")
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW,
                    "Trust store for https:// URLs, instead of a root certificate; empty: the JVM's defaults.",
                    GROUP_CONNECTION, 7, Width.LONG, "TLS trust store")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW,
                    "Password of the trust store.", GROUP_CONNECTION, 8, Width.SHORT, "TLS trust store password")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", ConfigDef.ValidString.in("JKS", "PKCS12"),
                    Importance.LOW, "Type of the trust store.", GROUP_CONNECTION, 9, Width.SHORT,
                    "TLS trust store type")
            .define(TABLE_NAME_FORMAT_CONFIG, Type.STRING, "${table}", TableNames.formatValidator(),
                    Importance.MEDIUM, TableNames.FORMAT_DOC, GROUP_TABLES, 1, Width.MEDIUM, "Table name format")
            .define(TOPIC_TABLE_MAP_CONFIG, Type.LIST, List.of(), TableNames.mapValidator(), Importance.MEDIUM,
                    TableNames.MAP_DOC, GROUP_TABLES, 2, Width.LONG, "Topic to table map")
            .define(AUTO_CREATE_CONFIG, Type.BOOLEAN, true, Importance.HIGH,
                    "Create a missing table (ReplacingMergeTree) from the first record's schema.", GROUP_TABLES, 3,
                    Width.SHORT, "Auto-create")
            .define(AUTO_EVOLVE_CONFIG, Type.BOOLEAN, true, Importance.HIGH,
                    "Add a column for a new optional field (ALTER TABLE ... ADD COLUMN).", GROUP_TABLES, 4,
                    Width.SHORT, "Auto-evolve")
            .define(KEY_COLUMNS_CONFIG, Type.LIST, List.of(), Importance.MEDIUM,
                    "ORDER BY (identity) columns of created tables; empty: the fields of the record key.",
                    GROUP_TABLES, 5, Width.MEDIUM, "Key columns")
            .define(VERSION_COLUMN_CONFIG, Type.STRING, CdcColumns.VERSION, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Version column of the ReplacingMergeTree (UInt64): the newest version of a key wins.",
                    GROUP_TABLES, 6, Width.SHORT, "Version column")
            .define(DELETED_COLUMN_CONFIG, Type.STRING, CdcColumns.DELETED, Importance.MEDIUM,
                    "Deleted-flag column (UInt8); named in the engine on servers that support it (23.2+). "
                            + "Empty for none.", GROUP_TABLES, 7, Width.SHORT, "Deleted column")
            .define(UNCHANGED_COLUMNS_COLUMN_CONFIG, Type.STRING, CdcColumns.UNCHANGED_COLUMNS, Importance.MEDIUM,
                    "Array-of-strings column naming the columns a change event did not carry (FlattenChangeEvent's "
                            + "unchanged.columns.field: PostgreSQL's unchanged large values under the default replica "
                            + "identity). The sink writes such a row with those columns' values from the row's "
                            + "previous version in the table. Empty: rows are written as they come.", GROUP_TABLES,
                    11, Width.SHORT, "Unchanged columns column")
            .define(PARTITION_BY_CONFIG, Type.STRING, "", Importance.LOW,
                    "PARTITION BY expression of created tables, over key columns only (versions of a row must "
                            + "share a partition: ReplacingMergeTree never merges across partitions), e.g. "
                            + "intDiv(`id`, 1000000); used when the row has the columns it names. Empty (default) "
                            + "for none.", GROUP_TABLES, 8, Width.MEDIUM, "Partition by")
            .define(OFFSETS_TABLE_CONFIG, Type.STRING, "_cdcflow_offsets", new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Table that stores the committed offsets beside the data.", GROUP_TABLES, 9,
                    Width.SHORT, "Offsets table")
            .define(REJECTED_ROWS_TABLE_CONFIG, Type.STRING, "rejected_rows", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Table for rejected rows: records routed by ValidateRow (the *.rejected "
                            + "topics) and records this sink cannot convert, one row per problem.", GROUP_TABLES, 10,
                    Width.SHORT, "Rejected rows table")
            .define(BATCH_MAX_ROWS_CONFIG, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                    "Rows of one table buffered before all tables are written (one insert per table); everything "
                            + "is also written at every offset commit.", GROUP_WRITES, 1, Width.SHORT, "Batch rows")
            .define(BATCH_MAX_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024L), Importance.MEDIUM,
                    "Bytes of encoded rows buffered, all tables together, before everything is written: with "
                            + "batch.max.rows it bounds the task's buffer.", GROUP_WRITES, 2, Width.SHORT,
                    "Batch bytes")
            .define(BATCH_MAX_WAIT_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "Longest a record waits in the buffer before everything is written (checked as records arrive "
                            + "and at every offset commit). Higher means fewer, larger inserts.", GROUP_WRITES, 3,
                    Width.SHORT, "Batch wait")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0L), Importance.LOW,
                    "Wait before Connect redelivers a batch that failed with a retriable error; it doubles with each "
                    + "failure in a row, up to 16 times this value, and starts again after a success.", GROUP_WRITES, 4,
                    Width.SHORT, "Retry backoff")
            .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Retriable failures in a row after which the task stops; 0 retries until ClickHouse is back.",
                    GROUP_WRITES, 5, Width.SHORT, "Retry attempts");

    private final TableNames tableNames;

    public ClickHouseSinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        this.tableNames = TableNames.of(getString(TABLE_NAME_FORMAT_CONFIG), getList(TOPIC_TABLE_MAP_CONFIG));
    }

    public String url() {
        return getString(URL_CONFIG);
    }

    public String user() {
        return getString(USER_CONFIG);
    }

    public Password password() {
        return getPassword(PASSWORD_CONFIG);
    }

    public String database() {
        return getString(DATABASE_CONFIG);
    }

    public Duration timeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS_CONFIG));
    }

    /** The table for records of {@code topic}. */
    public String tableFor(String topic) {
        return tableNames.tableFor(topic);
    }

    /** Whether topic.table.map names the topic's table. */
    public boolean mapsExplicitly(String topic) {
        return tableNames.mapsExplicitly(topic);
    }

    public String tableNameFormat() {
        return tableNames.format();
    }

    /**
     * Why some of {@code topics} cannot share the tables the format gives them (two topics not mapped explicitly
     * meeting in one table), or null when each has its own.
     */
    public String tableCollision(List<String> topics) {
        Map<String, String> topicByTable = new HashMap<>();
        for (String topic : topics) {
            if (mapsExplicitly(topic)) {
                continue;
            }
            String other = topicByTable.putIfAbsent(tableFor(topic), topic);
            if (other != null) {
                return "Topics " + other + " and " + topic + " would both write table " + database() + "."
                        + tableFor(topic) + " (" + TABLE_NAME_FORMAT_CONFIG + "=" + tableNameFormat() + "), where "
                        + "their rows would replace each other: use " + TABLE_NAME_FORMAT_CONFIG
                        + "=${schema}_${table} or ${topic}, or give one of them a table in " + TOPIC_TABLE_MAP_CONFIG;
            }
        }
        return null;
    }

    /**
     * Why partition.by cannot be used with the configured key.columns (it names other columns, whose values may
     * differ between versions of a row), or null. Without key.columns the keys are known only per table, and the check
     * is made when a table is created.
     */
    public String partitionByProblem() {
        if (partitionBy().isBlank() || keyColumns().isEmpty()) {
            return null;
        }
        Set<String> outside = ColumnReferences.outside(partitionBy(), keyColumns());
        return outside.isEmpty() ? null : PARTITION_BY_CONFIG + " names " + outside + ", not among "
                + KEY_COLUMNS_CONFIG + " " + keyColumns() + ": versions of a row could land in different partitions, "
                + "which ReplacingMergeTree never merges. Partition by key columns only, or not at all";
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE_CONFIG);
    }

    public boolean autoEvolve() {
        return getBoolean(AUTO_EVOLVE_CONFIG);
    }

    public List<String> keyColumns() {
        return getList(KEY_COLUMNS_CONFIG);
    }

    public String versionColumn() {
        return getString(VERSION_COLUMN_CONFIG);
    }

    /** The deleted column, or null when none is configured. */
    public String deletedColumn() {
        String column = getString(DELETED_COLUMN_CONFIG);
        return column.isEmpty() ? null : column;
    }

    /** The unchanged-columns column, or null when rows are written as they come. */
    public String unchangedColumnsColumn() {
        String column = getString(UNCHANGED_COLUMNS_COLUMN_CONFIG);
        return column.isEmpty() ? null : column;
    }

    public String partitionBy() {
        return getString(PARTITION_BY_CONFIG);
    }

    public String offsetsTable() {
        return getString(OFFSETS_TABLE_CONFIG);
    }

    public String rejectedRowsTable() {
        return getString(REJECTED_ROWS_TABLE_CONFIG);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS_CONFIG);
    }

    public long batchMaxBytes() {
        return getLong(BATCH_MAX_BYTES_CONFIG);
    }

    public long batchMaxWaitMs() {
        return getLong(BATCH_MAX_WAIT_MS_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    /** Retriable failures in a row that stop the task; 0 for no limit. */
    public int retryMaxAttempts() {
        return getInt(RETRY_MAX_ATTEMPTS_CONFIG);
    }

    /** The PEM root certificate for TLS, or null for the JVM's defaults. */
    public String sslRootCertificate() {
        return blankToNull(getString(SSL_ROOT_CERTIFICATE_CONFIG));
    }

    /** The trust store for TLS, or null for the JVM's defaults. */
    public String sslTrustStoreLocation() {
        return blankToNull(getString(SSL_TRUSTSTORE_LOCATION_CONFIG));
    }

    public Password sslTrustStorePassword() {
        return getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG);
    }

    public String sslTrustStoreType() {
        return getString(SSL_TRUSTSTORE_TYPE_CONFIG);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ConfigDef.Validator httpUrl() {
        return Validators.described("an http:// or https:// URL", (name, value) -> {
            String url = value == null ? "" : value.toString();
            if (!url.matches("https?://[^/\\s]+(/.*)?")) {
                throw new ConfigException(name, value, "Use http://host:port or https://host:port");
            }
            if (url.matches("https?://[^/\\s]*@.*")) {
                // The value is left out of the message: it holds a secret, and Connect shows and logs messages.
                throw new ConfigException("Invalid value for configuration " + name + ": the URL carries "
                        + "credentials (user:password@), which would be shown and logged with the URL; set "
                        + USER_CONFIG + " and " + PASSWORD_CONFIG + " instead");
            }
        });
    }
}
