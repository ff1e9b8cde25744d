package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.metadata.TableSchema;
import dev.cdcflow.clickhouse.schema.ColumnType;
import java.util.List;
import org.apache.kafka.connect.data.Field;

/**
 * How records of one schema are inserted into one table: the INSERT's column list in record-field order, each name
 * quoted (client-v2 pastes the list into the statement as given), their client-v2 schema for RowBinary, and the field
 * and conversion behind each column, and what each column gets for a null value.
 */
record InsertPlan(String database, String table, List<String> quotedColumns, TableSchema rowBinarySchema,
                  Field[] fields, ColumnType.Conversion[] conversions, Object[] nullCells) {
}
