package dev.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EnumOptionTest {

    enum Mode implements EnumOption.Described {
        KEEP_ALL, DROP;

        @Override
        public String description() {
            return this == KEEP_ALL ? "keeps everything" : "drops it";
        }
    }

    @Test
    void valuesAreLowerCaseWithDashesAndParseLeniently() {
        assertThat(EnumOption.valueOf(Mode.KEEP_ALL)).isEqualTo("keep-all");
        assertThat(EnumOption.parse(Mode.class, "k", "KEEP_ALL")).isEqualTo(Mode.KEEP_ALL);
        assertThat(EnumOption.parse(Mode.class, "k", " drop ")).isEqualTo(Mode.DROP);
    }

    @Test
    void unknownValueNamesTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(() -> EnumOption.validator(Mode.class).ensureValid("mode.key", "sometimes"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value sometimes for configuration mode.key: Must be one of [keep-all, drop]");
    }

    @Test
    void docListsEveryValue() {
        assertThat(EnumOption.doc("What to do.", Mode.class))
                .isEqualTo("What to do. 'keep-all': keeps everything; 'drop': drops it.");
    }
}
