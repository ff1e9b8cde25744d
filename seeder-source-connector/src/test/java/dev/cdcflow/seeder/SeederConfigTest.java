package dev.cdcflow.seeder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeederConfigTest {

    private static Map<String, String> valid() {
        return new HashMap<>(Map.of("target", "kafka"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "rate.tps                | -1",
        "initial.customers       | 0",
        "initial.orders          | -5",
        "max.transactions        | -2",
        "mix.new.order           | 1.5",
        "order.cancel.ratio      | 2",
        "target                  | mysql",
        "postgres.schema         | Bad-Name",
        "logical.start           | yesterday",
        "product.popularity.skew | -0.1",
    })
    void invalidValueIsRefusedNamingTheKey(String key, String value) {
        Map<String, String> config = valid();
        config.put(key, value);

        assertThat(errorsOf(config, key)).isNotEmpty().allMatch(message -> message.contains(key));
    }

    @Test
    void mixThatDoesNotAddUpIsRefusedOnEveryMixKey() {
        Map<String, String> config = valid();
        config.put("mix.new.order", "0.60");

        for (String key : SeederConfig.MIX_CONFIGS.values()) {
            assertThat(errorsOf(config, key)).singleElement().asString()
                    .contains("must add up to 1").contains("= 1.2");
        }
    }

    @Test
    void postgresTargetNeedsAReachableDatabase() {
        Map<String, String> config = new HashMap<>(Map.of("target", "postgres"));
        assertThat(errorsOf(config, "postgres.url")).singleElement().asString()
                .isEqualTo("postgres.url is required with target=postgres");

        config.put("postgres.url", "jdbc:postgresql://127.0.0.1:1/storefront");
        assertThat(errorsOf(config, "postgres.url")).singleElement().asString()
                .startsWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/storefront as postgres:");
    }

    @Test
    void passwordIsMaskedInTheConfig() {
        assertThat(SeederConfig.CONFIG_DEF.configKeys().get("postgres.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void connectorShipsTheComposeStacksDdl() {
        assertThat(SchemaInstaller.statements()).hasSize(11)
                .anyMatch(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS order_items"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS seeder_progress"));
    }

    private static List<String> errorsOf(Map<String, String> config, String key) {
        return new StorefrontSeederConnector().validate(config).configValues().stream()
                .filter(value -> value.name().equals(key)).findFirst().map(ConfigValue::errorMessages)
                .orElseThrow();
    }
}
