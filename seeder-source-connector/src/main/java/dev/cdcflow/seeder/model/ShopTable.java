package dev.cdcflow.seeder.model;

import java.util.List;

/** The storefront tables and their columns, in the order rows hold their values. The first column is the key. */
public enum ShopTable {
    CUSTOMERS("customers", List.of(
            new Column("id", ColumnType.INT64), new Column("email", ColumnType.TEXT),
            new Column("first_name", ColumnType.TEXT), new Column("last_name", ColumnType.TEXT),
            new Column("city", ColumnType.OPTIONAL_TEXT), new Column("country", ColumnType.TEXT),
            new Column("created_at", ColumnType.TIMESTAMPTZ), new Column("updated_at", ColumnType.TIMESTAMPTZ))),
    PRODUCTS("products", List.of(
            new Column("id", ColumnType.INT64), new Column("sku", ColumnType.TEXT),
            new Column("name", ColumnType.TEXT), new Column("category", ColumnType.TEXT),
            new Column("price", ColumnType.MONEY), new Column("created_at", ColumnType.TIMESTAMPTZ),
            new Column("updated_at", ColumnType.TIMESTAMPTZ))),
    ORDERS("orders", List.of(
            new Column("id", ColumnType.INT64), new Column("customer_id", ColumnType.INT64),
            new Column("status", ColumnType.TEXT), new Column("total_amount", ColumnType.MONEY),
            new Column("placed_at", ColumnType.TIMESTAMPTZ), new Column("updated_at", ColumnType.TIMESTAMPTZ))),
    ORDER_ITEMS("order_items", List.of(
            new Column("id", ColumnType.INT64), new Column("order_id", ColumnType.INT64),
            new Column("product_id", ColumnType.INT64), new Column("quantity", ColumnType.INT32),
            new Column("unit_price", ColumnType.MONEY), new Column("created_at", ColumnType.TIMESTAMPTZ)));

    /** How a column's values are held: Long, Integer, String, BigDecimal (scale 2) or Instant. */
    public enum ColumnType { INT64, INT32, TEXT, OPTIONAL_TEXT, MONEY, TIMESTAMPTZ }

    public record Column(String name, ColumnType type) {
    }

    private final String tableName;
    private final List<Column> columns;

    ShopTable(String tableName, List<Column> columns) {
        this.tableName = tableName;
        this.columns = columns;
    }

    public String tableName() {
        return tableName;
    }

    public List<Column> columns() {
        return columns;
    }
}
