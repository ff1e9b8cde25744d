package dev.cdcflow.common;

/**
 * The default names of the CDC metadata columns that FlattenChangeEvent adds to each row and the sinks and ValidateRow
 * read (docs/architecture.md, "Metadata columns"): declared once, so the defaults of every side agree.
 */
public final class CdcColumns {

    /** c, r, u or d. */
    public static final String OP = "_op";
    /** A number that grows with each change of a row: ReplacingMergeTree's version. */
    public static final String VERSION = "_version";
    /** 1 for a delete, else 0: ReplacingMergeTree's is-deleted column. */
    public static final String DELETED = "_is_deleted";
    /** When the change happened in the source database, epoch milliseconds. */
    public static final String SOURCE_TS_MS = "_source_ts_ms";
    /** The day the row is filed under, for partitioning. */
    public static final String EVENT_DATE = "_event_date";
    /** Which timestamp {@link #EVENT_DATE} came from. */
    public static final String EVENT_DATE_SOURCE = "_event_date_source";
    /**
     * The columns whose value the change event did not carry (PostgreSQL's unchanged TOAST values under the default
     * replica identity): null in the row, their value is the row's previous one.
     */
    public static final String UNCHANGED_COLUMNS = "_unchanged_columns";

    private CdcColumns() {
    }
}
