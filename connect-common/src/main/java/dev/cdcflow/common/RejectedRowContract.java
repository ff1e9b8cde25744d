package dev.cdcflow.common;

/**
 * The rejected-row record between ValidateRow (which writes it) and the ClickHouse sink (which recognises it and
 * writes its problems to rejected_rows): declared once, here, so that both sides change together.
 */
public final class RejectedRowContract {

    /** The value schema name of a rejected-row record. */
    public static final String SCHEMA_NAME = "dev.cdcflow.RejectedRow";

    private RejectedRowContract() {
    }
}
