package dev.cdcflow.iceberg.stage;

/**
 * One column of a stage table: its name in the table, the record field it comes from, the type it is cast to, and
 * for a plain number cast to a date or timestamp, the number's unit.
 */
public record StageColumn(String name, String source, ColumnType type, ValueCast.EpochUnit unit) {
}
