package dev.cdcflow.batchmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model as JSON, the form it is stored in beside the uploads and printed by the {@code batch} command:
 * <pre>{"id": "events_3f9a1c", "name": "events", "columns": {"event_id": "String", "amount": "Float64"},
 *  "event_id_column": "event_id"}</pre>
 */
public final class ModelJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelJson() {
    }

    public static String write(Model model) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", model.id());
        node.put("name", model.name());
        ObjectNode columns = node.putObject("columns");
        model.columnTypes().forEach(columns::put);
        node.put("event_id_column", model.eventIdColumn());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write model " + model.id(), e);
        }
    }

    /** A stored model; {@link IllegalArgumentException} saying what is wrong when the text is not one. */
    public static Model read(String json) {
        JsonNode node = tree(json);
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("A stored model has a text \"id\"");
        }
        JsonNode name = node.get("name");
        Model model = Model.of(id.asText(), name == null ? id.asText() : name.asText(),
                columnTypes(node.get("columns")));
        JsonNode eventId = node.get("event_id_column");
        String eventIdColumn = eventId == null || eventId.isNull() ? null : eventId.asText();
        return new Model(model.id(), model.name(), model.columns(), eventIdColumn);
    }

    /**
     * The columns of a model definition a user wrote: either the columns object itself ({@code {"event_id":
     * "String", …}}) or an object with a {@code "columns"} member.
     */
    public static Map<String, String> definitionColumns(String json) {
        JsonNode node = tree(json);
        return columnTypes(node.has("columns") ? node.get("columns") : node);
    }

    private static Map<String, String> columnTypes(JsonNode columns) {
        if (columns == null || !columns.isObject() || columns.isEmpty()) {
            throw new IllegalArgumentException("A model's columns are a JSON object of column name to ClickHouse "
                    + "type, e.g. {\"event_id\": \"String\", \"amount\": \"Float64\"}");
        }
        Map<String, String> types = new LinkedHashMap<>();
        columns.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("The type of column '" + entry.getKey() + "' is a text such as "
                        + "\"String\", not " + entry.getValue());
            }
            types.put(entry.getKey(), entry.getValue().asText());
        });
        return types;
    }

    private static JsonNode tree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("A model is a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
