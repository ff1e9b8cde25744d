package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PsqlScriptTest {

    @Test
    void environmentValuesBecomeQuotedLiteralsAndIdentifiers() {
        String sql = PsqlScript.render("""
                \\getenv role ROLE_NAME
                \\getenv secret ROLE_PASSWORD
                ALTER ROLE :"role" PASSWORD :'secret';
                SELECT 1::int, ':''not a variable''';
                """, Map.of("ROLE_NAME", "Odd\"Name", "ROLE_PASSWORD", "it's"));

        assertThat(sql).isEqualTo("""


                ALTER ROLE "Odd""Name" PASSWORD 'it''s';
                SELECT 1::int, ':''not a variable''';
                """);
    }

    @Test
    void aMissingEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> PsqlScript.render("\\getenv user DEBEZIUM_DB_USER\n", Map.of()))
                .hasMessageContaining("DEBEZIUM_DB_USER");
    }

    @Test
    void aVariableNoGetenvSetsIsNamed() {
        assertThatThrownBy(() -> PsqlScript.render("SELECT :'nobody';", Map.of()))
                .hasMessageContaining("nobody");
    }
}
