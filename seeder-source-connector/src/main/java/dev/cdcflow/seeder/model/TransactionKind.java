package dev.cdcflow.seeder.model;

/** What a seeder transaction does. */
public enum TransactionKind {
    /** Position 0: the initial customers, products and orders. */
    FULL_LOAD,
    NEW_CUSTOMER,
    /** An order with one to five items of popular products. */
    NEW_ORDER,
    /** An order moves on: pending to paid (or cancelled), paid to shipped, shipped to delivered. */
    ORDER_PROGRESS,
    PRICE_CHANGE,
    /** A customer's email or city changes. */
    CUSTOMER_UPDATE,
    /** A cancelled order and its items are deleted. */
    ORDER_PURGE,
    /** A customer is erased, with their orders and items. */
    CUSTOMER_ERASE
}
