package dev.cdcflow.common.config;

import org.apache.kafka.common.config.ConfigDef;

/** Custom validators that describe the values they accept, for generated docs and error messages. */
public final class Validators {

    private Validators() {
    }

    /** {@code check} with {@code description} as what the docs list under valid values. */
    public static ConfigDef.Validator described(String description, ConfigDef.Validator check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
