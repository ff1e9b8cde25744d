package dev.cdcflow.iceberg;

import dev.cdcflow.common.config.EnumOption;
import dev.cdcflow.common.config.TableNames;
import dev.cdcflow.iceberg.stage.StageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Every option of the Iceberg stage sink, declared once, with its documentation and validation. */
public final class IcebergStageConfig extends AbstractConfig {

    /** The catalogs the stage commits through. */
    public enum CatalogType implements EnumOption.Described {
        JDBC, REST;

        @Override
        public String description() {
            return switch (this) {
                case JDBC -> "Iceberg's JDBC catalog in a database (PostgreSQL): catalog.uri is its JDBC URL";
                case REST -> "an Iceberg REST catalog: catalog.uri is its base URL";
            };
        }
    }

    private static final String GROUP_CATALOG = "Catalog";
    private static final String GROUP_S3 = "S3";
    private static final String GROUP_STAGE = "Stage";

    public static final String CATALOG_TYPE_CONFIG = "catalog.type";
    public static final String CATALOG_NAME_CONFIG = "catalog.name";
    public static final String CATALOG_URI_CONFIG = "catalog.uri";
    public static final String CATALOG_USER_CONFIG = "catalog.user";
    public static final String CATALOG_PASSWORD_CONFIG = "catalog.password";
    public static final String CATALOG_OAUTH2_URI_CONFIG = "catalog.oauth2.server.uri";
    public static final String WAREHOUSE_CONFIG = "catalog.warehouse";
    public static final String NAMESPACE_CONFIG = "namespace";
    public static final String S3_ENDPOINT_CONFIG = "s3.endpoint";
    public static final String S3_REGION_CONFIG = "s3.region";
    public static final String S3_PATH_STYLE_CONFIG = "s3.path.style.access";
    public static final String S3_ACCESS_KEY_CONFIG = "s3.access.key.id";
    public static final String S3_SECRET_KEY_CONFIG = "s3.secret.access.key";
    public static final String STAGE_CONFIG = "stage.config";
    public static final String STAGE_CONFIG_FILE = "stage.config.file";
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final String TABLE_NAME_FORMAT_CONFIG = "table.name.format";
    public static final String TOPIC_TABLE_MAP_CONFIG = "topic.table.map";
    public static final String BUFFER_MAX_BYTES_CONFIG = "buffer.max.bytes";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CATALOG_TYPE_CONFIG, Type.STRING, "jdbc", EnumOption.validator(CatalogType.class),
                    Importance.HIGH, EnumOption.doc("The Iceberg catalog the tables are committed through.",
                            CatalogType.class), GROUP_CATALOG, 1, Width.SHORT, "Catalog type", java.util.List.of(),
                    EnumOption.recommender(CatalogType.class))
            .define(CATALOG_NAME_CONFIG, Type.STRING, "stage", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The catalog's name: with the JDBC catalog, the name its rows are kept under (several catalogs "
                            + "can share one database).", GROUP_CATALOG, 2, Width.SHORT, "Catalog name")
            .define(CATALOG_URI_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Where the catalog is: a JDBC URL (jdbc:postgresql://host:5432/iceberg) or a "
                            + "REST catalog's base URL.", GROUP_CATALOG, 3, Width.LONG, "Catalog URI")
            .define(CATALOG_USER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "JDBC: the database user. REST: the OAuth2 client id (with catalog.password as its secret, "
                            + "exchanged for a token at the catalog's token endpoint); empty for no OAuth2.",
                    GROUP_CATALOG, 4, Width.SHORT, "Catalog user")
            .define(CATALOG_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    "JDBC: the database password. REST: the OAuth2 client secret, or, without catalog.user, a bearer "
                            + "token sent as it is.", GROUP_CATALOG, 5, Width.SHORT, "Catalog password")
            .define(CATALOG_OAUTH2_URI_CONFIG, Type.STRING, "", Importance.LOW,
                    "REST with OAuth2: the token endpoint (e.g. https://idp.example.com/oauth2/token); empty for the "
                            + "catalog's own /v1/oauth/tokens.", GROUP_CATALOG, 8, Width.LONG, "OAuth2 token endpoint")
            .define(WAREHOUSE_CONFIG, Type.STRING, "s3://lakehouse/stage", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Where new tables' files go: a table is at <warehouse>/<namespace>/<table>/.",
                    GROUP_CATALOG, 6, Width.LONG, "Warehouse")
            .define(NAMESPACE_CONFIG, Type.STRING, "storefront", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The namespace of the stage tables (created when missing).", GROUP_CATALOG, 7, Width.SHORT,
                    "Namespace")
            .define(S3_ENDPOINT_CONFIG, Type.STRING, "", Importance.HIGH,
                    "The S3 endpoint, e.g. http://minio:9000; empty for AWS.", GROUP_S3, 1, Width.LONG, "Endpoint")
            .define(S3_REGION_CONFIG, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The S3 region.", GROUP_S3, 2, Width.SHORT, "Region")
            .define(S3_PATH_STYLE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Path-style requests (endpoint/bucket/key), as MinIO wants.", GROUP_S3, 3, Width.SHORT,
                    "Path style")
            .define(S3_ACCESS_KEY_CONFIG, Type.STRING, "", Importance.HIGH,
                    "The S3 access key; empty for the SDK's default credentials.", GROUP_S3, 4, Width.MEDIUM,
                    "Access key")
            .define(S3_SECRET_KEY_CONFIG, Type.PASSWORD, "", Importance.HIGH, "The S3 secret key.", GROUP_S3, 5,
                    Width.MEDIUM, "Secret key")
            .define(STAGE_CONFIG, Type.STRING, "", Importance.HIGH,
                    "The stage config itself, as YAML: per table, the columns kept (renamed and cast) and the "
                            + "partition spec (docs/iceberg-stage.md). Either this or " + STAGE_CONFIG_FILE + ".",
                    GROUP_STAGE, 1, Width.LONG, "Stage config")
            .define(STAGE_CONFIG_FILE, Type.STRING, "", Importance.HIGH,
                    "A file on the worker with the stage config, e.g. /etc/cdcflow/stage_tables.yaml.",
                    GROUP_STAGE, 2, Width.LONG, "Stage config file")
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100), Importance.HIGH,
                    "How often each task commits what it wrote: one Iceberg snapshot per table and interval, so "
                            + "longer means fewer and larger files, shorter means fresher tables.", GROUP_STAGE, 3,
                    Width.SHORT, "Commit interval (ms)")
            .define(TABLE_NAME_FORMAT_CONFIG, Type.STRING, "${table}", TableNames.formatValidator(),
                    Importance.MEDIUM, TableNames.FORMAT_DOC + " The name is looked up among the stage config's "
                            + "tables.", GROUP_STAGE, 4, Width.MEDIUM, "Table name format")
            .define(TOPIC_TABLE_MAP_CONFIG, Type.LIST, List.of(), TableNames.mapValidator(), Importance.MEDIUM,
                    TableNames.MAP_DOC, GROUP_STAGE, 5, Width.LONG, "Topic to table map")
            .define(BUFFER_MAX_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1024L * 1024),
                    Importance.MEDIUM, "Heap for the open data files of one task, all tables and partitions "
                            + "together (an estimate: the rows' bytes and, per open file, 2.25 times the table's "
                            + "write.parquet.page-size-bytes). When it is "
                            + "reached the task commits before commit.interval.ms is over: a snapshot spread over "
                            + "many days (one Parquet file open per day partition) then costs more commits, not "
                            + "more memory.", GROUP_STAGE, 6, Width.SHORT, "Buffer cap");

    public IcebergStageConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** Which stage table the rows of a topic (after the transforms) go to. */
    public TableNames tableNames() {
        return TableNames.of(getString(TABLE_NAME_FORMAT_CONFIG), getList(TOPIC_TABLE_MAP_CONFIG));
    }

    public CatalogType catalogType() {
        return EnumOption.parse(CatalogType.class, CATALOG_TYPE_CONFIG, getString(CATALOG_TYPE_CONFIG));
    }

    public String catalogName() {
        return getString(CATALOG_NAME_CONFIG);
    }

    public String catalogUri() {
        return getString(CATALOG_URI_CONFIG);
    }

    public String catalogUser() {
        return getString(CATALOG_USER_CONFIG);
    }

    public String catalogOauth2Uri() {
        return getString(CATALOG_OAUTH2_URI_CONFIG);
    }

    public Password catalogPassword() {
        return getPassword(CATALOG_PASSWORD_CONFIG);
    }

    public String warehouse() {
        return getString(WAREHOUSE_CONFIG);
    }

    public String namespace() {
        return getString(NAMESPACE_CONFIG);
    }

    public String s3Endpoint() {
        return getString(S3_ENDPOINT_CONFIG);
    }

    public String s3Region() {
        return getString(S3_REGION_CONFIG);
    }

    public boolean s3PathStyle() {
        return getBoolean(S3_PATH_STYLE_CONFIG);
    }

    public String s3AccessKey() {
        return getString(S3_ACCESS_KEY_CONFIG);
    }

    public Password s3SecretKey() {
        return getPassword(S3_SECRET_KEY_CONFIG);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS_CONFIG);
    }

    public long bufferMaxBytes() {
        return getLong(BUFFER_MAX_BYTES_CONFIG);
    }

    /**
     * The stage config, from {@value #STAGE_CONFIG} or the file {@value #STAGE_CONFIG_FILE} names; a mistake in it is
     * a ConfigException on the key it came from, with the table and the key inside it.
     */
    public StageConfig stageConfig() {
        String inline = getString(STAGE_CONFIG);
        String file = getString(STAGE_CONFIG_FILE);
        if (inline.isBlank() == file.isBlank()) {
            throw new ConfigException(STAGE_CONFIG, inline, "Give the stage config either inline (" + STAGE_CONFIG
                    + ") or as a file (" + STAGE_CONFIG_FILE + "), one of the two");
        }
        String key = inline.isBlank() ? STAGE_CONFIG_FILE : STAGE_CONFIG;
        String yaml = inline;
        if (inline.isBlank()) {
            try {
                yaml = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException(STAGE_CONFIG_FILE, file, "Cannot read the stage config: " + e);
            }
        }
        try {
            return StageConfig.parse(yaml);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, inline.isBlank() ? file : "(inline YAML)", e.getMessage());
        }
    }
}
