package dev.cdcflow.batch.read;

import dev.cdcflow.common.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * One row of a job's file: its number (from 1, the header not counted), the model's columns as values (null for no
 * value), its event id, its problems (none: a valid row), and for a rejected row its fields as they were in the file
 * (empty for a valid row).
 */
public record CsvRow(long number, Object[] values, String eventId, Map<String, String> fields,
                     List<Problem> problems) {

    /** One broken rule of the row, in ValidateRow's terms. */
    public record Problem(String column, String expected, ErrorCode code, String observed, String message) {
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
