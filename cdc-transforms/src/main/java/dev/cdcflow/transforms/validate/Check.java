package dev.cdcflow.transforms.validate;

/** One rule's test of one column's value. */
interface Check {

    /** What the rule expects, as written in the config, e.g. {@code min 0}. */
    String expected();

    /** The problem with {@code value} (which may be null), or null when the value passes. */
    Problem test(String column, Object value);
}
