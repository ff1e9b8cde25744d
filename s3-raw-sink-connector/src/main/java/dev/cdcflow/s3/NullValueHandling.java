package dev.cdcflow.s3;

import dev.cdcflow.common.config.EnumOption.Described;

/** What happens to a record whose value is null (a tombstone). */
public enum NullValueHandling implements Described {
    SKIP, WRITE, FAIL;

    @Override
    public String description() {
        return switch (this) {
            case SKIP -> "the record is left out (its offset is still committed)";
            case WRITE -> "the record is written with a null value (needs envelope=true)";
            case FAIL -> "a DataException, so errors.tolerance and the dead letter queue decide";
        };
    }
}
