package dev.cdcflow.transforms;

import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.ProjectVersion;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * For Debezium's PostgreSQL connector (a source-side transform): turns each row of the column-change table that
 * {@code sql/postgres/V6__column_changes_capture.sql} fills into a column-change record
 * ({@link ChangeMarkers#COLUMN_CHANGE_SCHEMA}) in the topic of the table it is about. Debezium sends in the order of
 * the WAL and the change row is written in the ALTER's transaction, so in that topic (one partition, as Debezium's
 * topics have by default) it sits after the rows written before the change and before the rows written after it:
 * the sinks act on it in its place. Records of other tables pass unchanged; deletes and tombstones of the change
 * table are dropped.
 */
public class RouteColumnChanges<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String TABLE_CONFIG = "table";
    private static final String DEFAULT_TABLE = "cdcflow_column_changes";
    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TABLE_CONFIG, Type.STRING, DEFAULT_TABLE, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The column-change table (without its schema). Records of a topic named <prefix>.<schema>."
                            + "<table> are routed to <prefix>.<schema of the row>.<table of the row>.");

    private String suffix;

    @Override
    public void configure(Map<String, ?> configs) {
        suffix = "." + new AbstractConfig(CONFIG_DEF, configs).getString(TABLE_CONFIG);
    }

    @Override
    public R apply(R record) {
        if (record.topic() == null || !record.topic().endsWith(suffix)) {
            return record;
        }
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("after") == null
                || !(envelope.get("after") instanceof Struct row)) {
            return null;
        }
        String changeTopic = record.topic().substring(0, record.topic().length() - suffix.length());
        int schemaDot = changeTopic.lastIndexOf('.');
        String prefix = schemaDot < 0 ? "" : changeTopic.substring(0, schemaDot + 1);
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        Object lsn = source == null || source.schema().field("lsn") == null ? null : source.get("lsn");
        Struct change = new Struct(ChangeMarkers.COLUMN_CHANGE_SCHEMA)
                .put("change", row.getString("change"))
                .put("schema", row.getString("schema_name"))
                .put("table", row.getString("table_name"))
                .put("column", row.getString("column_name"))
                .put("new_name", row.getString("new_name"))
                .put("lsn", lsn instanceof Number number ? number.longValue() : null);
        return record.newRecord(prefix + change.getString("schema") + "." + change.getString("table"), null, null,
                null, ChangeMarkers.COLUMN_CHANGE_SCHEMA, change, record.timestamp(), record.headers());
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
    }
}
