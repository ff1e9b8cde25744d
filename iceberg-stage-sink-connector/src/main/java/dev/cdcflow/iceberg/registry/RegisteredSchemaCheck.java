package dev.cdcflow.iceberg.registry;

import dev.cdcflow.common.MetadataColumn;
import dev.cdcflow.common.config.TableNames;
import dev.cdcflow.iceberg.stage.SourceCheck;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage config checked when the connector config is submitted, against the schemas the topics' values are
 * registered with in the Schema Registry the value converter uses: a column whose field the rows lack, or whose
 * type no value of the field can be cast to, is refused there. Checked when the config says all that is needed:
 * an Avro converter with {@code value.converter.schema.registry.url}, subjects named after topics, and no
 * transforms but FlattenChangeEvent and ValidateRow (another transform could change the fields). Otherwise, and
 * for topics not registered yet, each row is checked as it comes and a bad one goes to the dead letter queue.
 */
public final class RegisteredSchemaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredSchemaCheck.class);
    private static final String FLATTEN = "dev.cdcflow.transforms.FlattenChangeEvent";
    private static final String VALIDATE = "dev.cdcflow.transforms.ValidateRow";
    private static final String REGISTRY_URL = "value.converter.schema.registry.url";
    private static final String SUBJECT_STRATEGY = "value.converter.value.subject.name.strategy";

    private RegisteredSchemaCheck() {
    }

    /** The problems found, each naming table, key and field; empty when none, or when nothing can be checked. */
    public static List<String> problems(Map<String, String> config, StageConfig stage, TableNames tableNames) {
        String url = config.getOrDefault(REGISTRY_URL, "").split(",")[0].trim();
        String strategy = config.getOrDefault(SUBJECT_STRATEGY, "");
        Optional<Flatten> chain = flatten(config);
        if (url.isEmpty() || !config.getOrDefault("value.converter", "").endsWith("AvroConverter")
                || !(strategy.isEmpty() || strategy.endsWith(".TopicNameStrategy")) || chain.isEmpty()) {
            LOG.info("The stage config is checked against each row as it comes: the connector config names no "
                    + "Avro value schemas in a Schema Registry that can be read before (or a transform other than "
                    + "the flatten and row validation changes the rows)");
            return List.of();
        }
        String userInfo = "USER_INFO".equals(config.get("value.converter.basic.auth.credentials.source"))
                ? config.get("value.converter.basic.auth.user.info") : null;
        SchemaRegistryClient registry = new SchemaRegistryClient(url, userInfo);
        List<String> problems = new ArrayList<>();
        try {
            for (String topic : topics(config, registry)) {
                StageTable table = stage.table(tableNames.tableFor(topic));
                Optional<org.apache.avro.Schema> avro = table == null ? Optional.empty()
                        : registry.latestAvroSchema(topic + "-value");
                if (avro.isPresent()) {
                    Schema rows = AvroRowSchemas.rowSchema(avro.get(), chain.get());
                    problems.addAll(SourceCheck.problems(table, rows, "topic '" + topic + "'"));
                }
            }
        } catch (IOException | SchemaParseException | IllegalArgumentException e) {
            LOG.warn("The stage config could not be checked against the Schema Registry at {} ({}); each row is "
                    + "checked as it comes", url, e.getMessage());
            return List.of();
        }
        return problems;
    }

    /** The topics named by {@code topics}, or the registered ones {@code topics.regex} matches. */
    private static List<String> topics(Map<String, String> config, SchemaRegistryClient registry) throws IOException {
        String listed = config.getOrDefault("topics", "");
        if (!listed.isBlank()) {
            return Arrays.stream(listed.split(",")).map(String::trim).filter(topic -> !topic.isEmpty()).toList();
        }
        Pattern regex = Pattern.compile(config.getOrDefault("topics.regex", ""));
        return registry.subjects().stream().filter(subject -> subject.endsWith("-value"))
                .map(subject -> subject.substring(0, subject.length() - "-value".length()))
                .filter(topic -> regex.matcher(topic).matches()).toList();
    }

    /**
     * What the transforms do to the rows: {@code metadata} the flatten adds and the {@code types} it gives the
     * fields; null metadata when no flatten runs.
     */
    record Flatten(Map<String, Schema> metadata, FlattenedTypes types) {
    }

    /** The flatten in the chain, or empty when a transform could change the fields in ways not known here. */
    static Optional<Flatten> flatten(Map<String, String> config) {
        Map<String, Schema> metadata = null;
        FlattenedTypes types = null;
        for (String alias : config.getOrDefault("transforms", "").split(",")) {
            String prefix = "transforms." + alias.trim() + ".";
            String type = config.getOrDefault(prefix + "type", "");
            if (alias.isBlank() || type.equals(VALIDATE)) {
                continue;
            }
            if (!type.equals(FLATTEN)) {
                return Optional.empty();
            }
            metadata = new LinkedHashMap<>();
            Map<String, String> options = new HashMap<>();
            config.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    options.put(key.substring(prefix.length()), value);
                }
            });
            types = FlattenedTypes.of(options);
            for (MetadataColumn column : MetadataColumn.values()) {
                String name = config.getOrDefault(prefix + column.option(), column.defaultName());
                if (!name.isEmpty()) {
                    metadata.put(name, column.schema());
                }
            }
        }
        return Optional.of(new Flatten(metadata, types));
    }
}
