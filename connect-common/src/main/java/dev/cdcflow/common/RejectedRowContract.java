package dev.cdcflow.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The rejected-row record between the plugins that reject rows (ValidateRow, the batch upload source) and the
 * ClickHouse sink (which recognises it and writes its problems to rejected_rows): declared once, here, so that every
 * side changes together.
 */
public final class RejectedRowContract {

    /** The value schema name of a rejected-row record. */
    public static final String SCHEMA_NAME = "dev.cdcflow.RejectedRow";

    /** One broken rule: the column, what was expected, the {@link ErrorCode}, the value seen, a sentence. */
    public static final Schema PROBLEM_SCHEMA = SchemaBuilder.struct().name(SCHEMA_NAME + ".Problem").version(1)
            .field("column", Schema.STRING_SCHEMA)
            .field("expected", Schema.STRING_SCHEMA)
            .field("error_code", Schema.STRING_SCHEMA)
            .field("observed", Schema.OPTIONAL_STRING_SCHEMA)
            .field("message", Schema.STRING_SCHEMA)
            .build();

    /**
     * A rejected row: where it came from (the Kafka position, known on the sink side only), its key, its problems
     * and its payload as JSON; for a row of a batch upload job also the job, the row's number in the file (from 1,
     * the header not counted) and its event id. Version 2 added the three job fields, optional: a reader of version
     * 1 records finds them absent.
     */
    public static final Schema SCHEMA = SchemaBuilder.struct().name(SCHEMA_NAME).version(2)
            .doc("A row that broke validation rules, with the reasons and the original payload")
            .field("topic", Schema.STRING_SCHEMA)
            .field("partition", Schema.OPTIONAL_INT32_SCHEMA)
            .field("offset", Schema.OPTIONAL_INT64_SCHEMA)
            .field("timestamp", Schema.OPTIONAL_INT64_SCHEMA)
            .field("key", Schema.OPTIONAL_STRING_SCHEMA)
            .field("problems", SchemaBuilder.array(PROBLEM_SCHEMA).build())
            .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
            .field("job_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("row_number", Schema.OPTIONAL_INT64_SCHEMA)
            .field("event_id", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private RejectedRowContract() {
    }
}
