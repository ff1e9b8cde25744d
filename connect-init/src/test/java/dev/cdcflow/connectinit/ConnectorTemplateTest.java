package dev.cdcflow.connectinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorTemplateTest {

    @Test
    void fillsVariablesAndDefaultsAndLeavesConfigProviderReferencesAlone() {
        ConnectorTemplate template = ConnectorTemplate.of("test", """
                {"name": "${NAME:-fallback}", "config": {
                  "host": "${HOST}:${PORT}",
                  "prefix": "${PREFIX:-storefront}",
                  "empty": "${REGISTRY:-}",
                  "secret": "${file:/etc/secrets.properties:password}",
                  "env": "${env:HOME}"}}
                """);

        ConnectorDefinition connector = template.render(Map.of("HOST", "db", "PORT", "5432"));

        assertThat(connector.name()).isEqualTo("fallback");
        assertThat(connector.config()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "host", "db:5432",
                "prefix", "storefront",
                "empty", "",
                "secret", "${file:/etc/secrets.properties:password}",
                "env", "${env:HOME}"));
    }

    @Test
    void valuesWithDollarSignsAreInsertedLiterally() {
        ConnectorDefinition connector = ConnectorTemplate
                .of("test", "{\"name\": \"n\", \"config\": {\"p\": \"${PW}\"}}")
                .render(Map.of("PW", "a$1\\b"));

        assertThat(connector.config()).containsEntry("p", "a$1\\b");
    }

    @Test
    void missingVariablesAreNamed() {
        ConnectorTemplate template = ConnectorTemplate.of("connectors/x.json",
                "{\"name\": \"n\", \"config\": {\"a\": \"${ONE}\", \"b\": \"${TWO}\"}}");

        assertThatThrownBy(() -> template.render(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Connector template connectors/x.json needs values for [ONE, TWO]");
    }
}
