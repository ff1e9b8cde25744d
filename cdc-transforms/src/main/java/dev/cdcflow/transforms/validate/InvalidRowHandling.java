package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.config.EnumOption.Described;

/** What happens to a row that breaks a rule. */
public enum InvalidRowHandling implements Described {
    ROUTE, FAIL, DROP, MARK;

    @Override
    public String description() {
        return switch (this) {
            case ROUTE -> "a rejected-row record (the problems and the original payload) goes to '<topic>' + "
                    + "rejected.topic.suffix";
            case FAIL -> "a DataException, so the connector's errors.tolerance and dead letter queue apply";
            case DROP -> "the row is dropped, counted in the invalid-records metric and logged";
            case MARK -> "the row passes with headers that list its problems";
        };
    }
}
