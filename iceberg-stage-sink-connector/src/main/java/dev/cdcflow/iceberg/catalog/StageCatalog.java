package dev.cdcflow.iceberg.catalog;

import dev.cdcflow.iceberg.IcebergStageConfig;
import dev.cdcflow.iceberg.stage.StageColumn;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog the stage tables live in, with S3FileIO for their files: loads a stage table, creates it (format v2,
 * the stage config's schema and partition spec) when it is missing, and adds the columns the stage config gained.
 */
public final class StageCatalog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(StageCatalog.class);

    private final Catalog catalog;
    private final Namespace namespace;

    public StageCatalog(IcebergStageConfig config) {
        this.catalog = build(config);
        this.namespace = Namespace.of(config.namespace());
    }

    /**
     * The catalog, built again when the first build fails: the JDBC catalog creates and upgrades its own tables when
     * it starts, with a look-then-alter that two tasks starting at once on a new database can both take (the loser
     * finds the column made), and its second look then sees the work done.
     */
    private static Catalog build(IcebergStageConfig config) {
        Map<String, String> properties = properties(config);
        for (int attempt = 1; ; attempt++) {
            try {
                return CatalogUtil.buildIcebergCatalog(config.catalogName(), properties, null);
            } catch (UncheckedSQLException e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.info("Opening the catalog failed ({}); trying again", e.getMessage());
            }
        }
    }

    /** The catalog's properties: its kind and place, and S3FileIO's endpoint and credentials. */
    public static Map<String, String> properties(IcebergStageConfig config) {
        Map<String, String> properties = new HashMap<>();
        switch (config.catalogType()) {
            case JDBC -> {
                // The driver registers itself with DriverManager from this plugin's class loader.
                loadDriver("org.postgresql.Driver");
                properties.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
                properties.put("jdbc.user", config.catalogUser());
                properties.put("jdbc.password", config.catalogPassword().value());
                properties.put("jdbc.schema-version", "V1");
            }
            case REST -> {
                properties.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.rest.RESTCatalog");
                restAuthentication(config, properties);
            }
        }
        properties.put(CatalogProperties.URI, config.catalogUri());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
        properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
        properties.put(HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION);
        properties.put(AwsClientProperties.CLIENT_REGION, config.s3Region());
        properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, Boolean.toString(config.s3PathStyle()));
        if (!config.s3Endpoint().isBlank()) {
            properties.put(S3FileIOProperties.ENDPOINT, config.s3Endpoint());
        }
        if (!config.s3AccessKey().isBlank()) {
            properties.put(S3FileIOProperties.ACCESS_KEY_ID, config.s3AccessKey());
            properties.put(S3FileIOProperties.SECRET_ACCESS_KEY, config.s3SecretKey().value());
        }
        return properties;
    }

    /**
     * A REST catalog's authentication: OAuth2 client credentials (user and password) exchanged for a token, a bearer
     * token (password alone), or none.
     */
    private static void restAuthentication(IcebergStageConfig config, Map<String, String> properties) {
        String secret = config.catalogPassword().value();
        if (secret.isEmpty()) {
            return;
        }
        if (config.catalogUser().isBlank()) {
            properties.put(OAuth2Properties.TOKEN, secret);
        } else {
            properties.put(OAuth2Properties.CREDENTIAL, config.catalogUser() + ":" + secret);
        }
        if (!config.catalogOauth2Uri().isBlank()) {
            properties.put(OAuth2Properties.OAUTH2_SERVER_URI, config.catalogOauth2Uri());
        }
    }

    private static void loadDriver(String className) {
        try {
            Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new ConnectException("The JDBC driver " + className + " is not in the plugin", e);
        }
    }

    /** Whether the catalog has the stage table. */
    public boolean exists(StageTable stage) {
        return catalog.tableExists(TableIdentifier.of(namespace, stage.name()));
    }

    /**
     * The table for a stage table: loaded, created from the stage config when missing, evolved when the config
     * gained columns.
     */
    public Table table(StageTable stage) {
        TableIdentifier id = TableIdentifier.of(namespace, stage.name());
        if (!catalog.tableExists(id)) {
            create(id, stage);
        }
        Table table = catalog.loadTable(id);
        evolve(table, stage);
        return table;
    }

    private void create(TableIdentifier id, StageTable stage) {
        // Tasks of a new connector start together: another may create the namespace or the table meanwhile, and
        // the JDBC catalog reports that as AlreadyExists or as a unique-key violation. Either way, look again.
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
            } catch (AlreadyExistsException | UncheckedSQLException e) {
                if (!namespaces.namespaceExists(namespace)) {
                    throw e;
                }
            }
        }
        Schema schema = stage.schema();
        try {
            catalog.createTable(id, schema, stage.spec(schema), Map.of(TableProperties.FORMAT_VERSION, "2",
                    TableProperties.PARQUET_COMPRESSION, "zstd"));
            LOG.info("Created stage table {} ({}; partitioned by {})", id, schema.asStruct(), stage.partitionBy());
        } catch (AlreadyExistsException | UncheckedSQLException e) {
            if (!catalog.tableExists(id)) {
                throw e;
            }
            LOG.info("Stage table {} was created meanwhile by another task", id);
        }
    }

    /**
     * Adds the stage config's columns the table lacks (another writer may have dropped one); a column whose type
     * differs is refused (Iceberg would have to rewrite or reinterpret the files: a person decides that).
     */
    public void evolve(Table table, StageTable stage) {
        UpdateSchema update = null;
        for (StageColumn column : stage.columns()) {
            Types.NestedField existing = table.schema().findField(column.name());
            if (existing == null) {
                update = update == null ? table.updateSchema() : update;
                update.addColumn(column.name(), column.type().icebergType());
            } else if (!existing.type().equals(column.type().icebergType())) {
                throw new StageTableMismatchException("Column '" + column.name() + "' of stage table "
                        + table.name() + " is " + existing.type() + " but the stage config makes it " + column.type()
                        + ": the stage does not change a column's type. Give the column another name, or migrate "
                        + "the table yourself");
            }
        }
        if (update != null) {
            update.commit();
            table.refresh();
            LOG.info("Stage table {} evolved to {}", table.name(), table.schema().asStruct());
        }
    }

    @Override
    public void close() throws IOException {
        if (catalog instanceof Closeable closeable) {
            closeable.close();
        }
    }
}
