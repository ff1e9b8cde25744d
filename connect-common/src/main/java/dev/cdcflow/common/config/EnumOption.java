package dev.cdcflow.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A config option whose values are the constants of an enum that documents itself. The validator, the recommender
 * and the documentation all come from the enum, so the accepted values and the docs cannot drift apart.
 */
public final class EnumOption {

    /** Implemented by option enums: what the value means, for the generated docs. */
    public interface Described {
        String description();
    }

    private EnumOption() {
    }

    /**
     * The config value of a constant: its name in lower case with dashes, e.g.
     * {@code TOMBSTONE_ONLY -> tombstone-only}.
     */
    public static String valueOf(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts the enum's values, ignoring case; the error lists what is accepted. */
    public static <E extends Enum<E>> ConfigDef.Validator validator(Class<E> type) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    throw new ConfigException(name, null, "Must be one of " + values(type));
                }
                parse(type, name, value.toString());
            }

            @Override
            public String toString() {
                return values(type);
            }
        };
    }

    /** Suggests the enum's values in UIs that ask the recommender. */
    public static <E extends Enum<E>> ConfigDef.Recommender recommender(Class<E> type) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsed) {
                return Arrays.stream(type.getEnumConstants()).map(EnumOption::valueOf).collect(Collectors.toList());
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsed) {
                return true;
            }
        };
    }

    /** The option's documentation: {@code lead} followed by one line per value. */
    public static <E extends Enum<E> & Described> String doc(String lead, Class<E> type) {
        return lead + " " + Arrays.stream(type.getEnumConstants())
                .map(constant -> "'" + valueOf(constant) + "': " + constant.description())
                .collect(Collectors.joining("; ", "", "."));
    }

    /** Parses a value, ignoring case and accepting '_' for '-'; an unknown value names the key. */
    public static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (valueOf(constant).equals(normalized)) {
                return constant;
            }
        }
        throw new ConfigException(key, value, "Must be one of " + values(type));
    }

    private static <E extends Enum<E>> String values(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumOption::valueOf)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
