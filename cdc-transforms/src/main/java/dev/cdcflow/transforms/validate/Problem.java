package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.ErrorCode;

/**
 * One broken rule of one row: which column, what the rule expected, the error code, the value seen (as text,
 * shortened) and a sentence a person can act on.
 */
public record Problem(String column, String expected, ErrorCode code, String observed, String message) {

    private static final int MAX_OBSERVED_LENGTH = 200;

    /** The value as it is shown in a problem: its text, cut to a readable length; null stays null. */
    static String observed(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof java.util.Date date ? date.toInstant().toString() : value.toString();
        return text.length() <= MAX_OBSERVED_LENGTH ? text : text.substring(0, MAX_OBSERVED_LENGTH) + "…";
    }
}
