package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.CdcColumns;
import dev.cdcflow.common.config.EnumOption;
import dev.cdcflow.common.config.Validators;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The configuration of {@code ValidateRow}, declared once. */
public final class ValidateConfig extends AbstractConfig {

    private static final String GROUP = "Validation";

    public static final String RULES_CONFIG = "rules";
    public static final String ON_INVALID_CONFIG = "on.invalid";
    public static final String REJECTED_TOPIC_SUFFIX_CONFIG = "rejected.topic.suffix";
    public static final String HEADER_PREFIX_CONFIG = "header.prefix";
    public static final String SCHEMA_CACHE_SIZE_CONFIG = "schema.cache.size";
    public static final String DELETED_FIELD_CONFIG = "deleted.field";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RULES_CONFIG, Type.STRING, "", rulesValidator(), Importance.HIGH,
                    "The rules, separated by ';' (\\; for a literal one). Each is '<table>.<column> <check> "
                            + "[argument]'; <table> is '*' for every table, or matches the whole topic or its last "
                            + "dot-separated part. Checks: 'required'; 'type <int8|int16|int32|int64|float64|decimal|"
                            + "boolean|string|timestamp>' (the value is, or can be read as, that type); 'min <n>' and "
                            + "'max <n>' (inclusive); 'min-length <n>' and 'max-length <n>' (characters); "
                            + "'pattern <regex>' (whole value); 'in <a,b,c>'; 'not-future [tolerance seconds]'. Only "
                            + "'required' fails on null. Example: orders.total_amount min 0; "
                            + "orders.status in pending,paid,shipped; customers.email pattern [^@\\s]+@[^@\\s]+",
                    GROUP, 1, Width.LONG, "Rules")
            .define(new ConfigDef.ConfigKey(ON_INVALID_CONFIG, Type.STRING,
                    EnumOption.valueOf(InvalidRowHandling.ROUTE), EnumOption.validator(InvalidRowHandling.class),
                    Importance.HIGH, EnumOption.doc("What happens to a row that breaks a rule:",
                    InvalidRowHandling.class), GROUP, 2, Width.SHORT, "On invalid row", List.of(),
                    EnumOption.recommender(InvalidRowHandling.class), false))
            .define(REJECTED_TOPIC_SUFFIX_CONFIG, Type.STRING, ".rejected", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Suffix of the topic rejected rows go to in 'route' mode: "
                            + "<topic><suffix>.", GROUP, 3, Width.SHORT, "Rejected topic suffix")
            .define(HEADER_PREFIX_CONFIG, Type.STRING, "cdcflow.validation.", new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Prefix of the headers 'mark' mode adds: <prefix>valid (false) and "
                            + "<prefix>problems (a JSON array).", GROUP, 4, Width.SHORT, "Header prefix")
            .define(SCHEMA_CACHE_SIZE_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many (topic, schema) pairs to keep resolved rules for.", GROUP, 5, Width.SHORT,
                    "Schema cache size")
            .define(DELETED_FIELD_CONFIG, Type.STRING, CdcColumns.DELETED, Importance.MEDIUM,
                    "Name of the deleted flag FlattenChangeEvent writes. A row with it set to 1 is a delete and "
                            + "passes without being checked: only its key matters, and rejecting it would leave the "
                            + "deleted row in the target. Empty checks deletes like any other row.", GROUP, 6,
                    Width.SHORT, "Deleted flag field");

    public ValidateConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public List<Rule> rules(Clock clock) {
        return RuleParser.parse(getString(RULES_CONFIG), clock);
    }

    public InvalidRowHandling onInvalid() {
        return EnumOption.parse(InvalidRowHandling.class, ON_INVALID_CONFIG, getString(ON_INVALID_CONFIG));
    }

    public String rejectedTopicSuffix() {
        return getString(REJECTED_TOPIC_SUFFIX_CONFIG);
    }

    public String headerPrefix() {
        return getString(HEADER_PREFIX_CONFIG);
    }

    public int schemaCacheSize() {
        return getInt(SCHEMA_CACHE_SIZE_CONFIG);
    }

    /** The deleted flag's field name, or null when deletes are checked like other rows. */
    public String deletedField() {
        String field = getString(DELETED_FIELD_CONFIG);
        return field.isEmpty() ? null : field;
    }

    private static ConfigDef.Validator rulesValidator() {
        return Validators.described("rules separated by ';'", (name, value) -> {
            try {
                RuleParser.parse((String) value, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        });
    }
}
