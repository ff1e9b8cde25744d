package dev.cdcflow.seeder.model;

/**
 * One row written by a transaction, as Debezium would report it: {@code op} is c (insert), u (update), d (delete)
 * or r (full-load insert); {@code before}/{@code after} hold the row's values in {@link ShopTable} column order.
 * A delete that the database performs by {@code ON DELETE CASCADE} is {@code cascaded}: reported, not executed.
 */
public record RowChange(ShopTable table, char op, long id, Object[] before, Object[] after, boolean cascaded) {

    static RowChange insert(ShopTable table, Object[] row, boolean fullLoad) {
        return new RowChange(table, fullLoad ? 'r' : 'c', (Long) row[0], null, row, false);
    }

    static RowChange update(ShopTable table, Object[] before, Object[] after) {
        return new RowChange(table, 'u', (Long) after[0], before, after, false);
    }

    static RowChange delete(ShopTable table, Object[] before, boolean cascaded) {
        return new RowChange(table, 'd', (Long) before[0], before, null, cascaded);
    }
}
