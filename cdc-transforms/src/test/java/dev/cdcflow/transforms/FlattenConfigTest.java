package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.transforms.flatten.FlattenConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every invalid option is refused at validation, with a message that names the key. */
class FlattenConfigTest {

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "delete.handling                 | sometimes",
        "tombstone.handling              | keep",
        "truncate.handling               | ignore",
        "non.envelope.handling           | maybe",
        "op.field                        | 1op",
        "version.field                   | has space",
        "deleted.field                   | is-deleted",
        "source.ts.field                 | ts.ms",
        "event.date.field                | date!",
        "event.date.source.field         | ${x}",
        "version.source.fields           | ''",
        "event.date.fields               | orders:",
        "event.date.timezone             | Mars/Olympus",
        "time.precision                  | nanos",
        "variable.scale.decimal.handling | float",
        "variable.scale.decimal.scale    | 39",
        "semantic.types                  | drop",
        "schema.cache.size               | 0",
    })
    void invalidValueIsRefusedNamingTheKey(String key, String value) {
        List<ConfigValue> results = FlattenConfig.CONFIG_DEF.validate(Map.of(key, value));

        ConfigValue result = results.stream().filter(candidate -> candidate.name().equals(key)).findFirst()
                .orElseThrow();
        assertThat(result.errorMessages()).isNotEmpty();
        assertThat(result.errorMessages().get(0)).contains(key);
        assertThatThrownBy(() -> new FlattenConfig(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void defaultsAreValid() {
        assertThat(FlattenConfig.CONFIG_DEF.validate(Map.of()))
                .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }

    @Test
    void twoMetadataFieldsWithOneNameAreRefused() {
        assertThatThrownBy(() -> new FlattenConfig(Map.of("deleted.field", "_op")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deleted.field")
                .hasMessageContaining("Another metadata field already has this name");
    }
}
