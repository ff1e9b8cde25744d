package dev.cdcflow.batchmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

    @Test
    void aModelIsWrittenAndReadBack() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("event_id", "String");
        columns.put("timestamp", "UInt32");
        columns.put("amount", "Nullable(Float64)");
        Model model = Model.create("Web events!", columns);

        assertThat(model.id()).matches("web_events_[0-9a-f]{6}");
        assertThat(model.table()).isEqualTo("data_" + model.id());
        assertThat(model.eventIdColumn()).isEqualTo("event_id");
        Model read = ModelJson.read(ModelJson.write(model));
        assertThat(read).isEqualTo(model);
        assertThat(read.columnTypes()).containsExactlyEntriesOf(columns);
    }

    @Test
    void aDefinitionIsTheColumnsOrAnObjectHoldingThem() {
        assertThat(ModelJson.definitionColumns("{\"a\": \"String\", \"b\": \"UInt8\"}"))
                .containsExactly(Map.entry("a", "String"), Map.entry("b", "UInt8"));
        assertThat(ModelJson.definitionColumns("{\"columns\": {\"a\": \"String\"}}"))
                .containsExactly(Map.entry("a", "String"));
    }

    @Test
    void badDefinitionsSayWhatIsWrong() {
        assertThatThrownBy(() -> ModelJson.definitionColumns("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ModelJson.definitionColumns("{")).hasMessageStartingWith("Not JSON");
        assertThatThrownBy(() -> ModelJson.definitionColumns("{\"a\": 1}")).hasMessageContaining("column 'a'");
        assertThatThrownBy(() -> Model.create("m", Map.of("_row", "String"))).hasMessageContaining("'_row'");
        assertThatThrownBy(() -> Model.create("m", Map.of("a", "Text"))).hasMessageContaining("Column 'a'")
                .hasMessageContaining("'Text'");
    }
}
