package dev.cdcflow.transforms.validate;

/**
 * One parsed rule: a check of one column in the rows of one table ({@code *}: every table). The table matches a
 * record's topic when it is the whole topic or its last dot-separated part ({@code orders} matches
 * {@code storefront.public.orders}).
 */
record Rule(String table, String column, Check check, String text) {

    static final String ANY_TABLE = "*";

    boolean appliesTo(String topic) {
        return table.equals(ANY_TABLE) || topic.equals(table)
                || (topic.endsWith(table) && topic.length() > table.length()
                        && topic.charAt(topic.length() - table.length() - 1) == '.');
    }
}
