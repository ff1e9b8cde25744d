package dev.cdcflow.s3.avro;

import dev.cdcflow.common.IdentityCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a sink record becomes in a file: its value alone, or an envelope of topic, partition, offset, timestamp, key,
 * value and headers. Values without a schema are written as their JSON text. Avro schemas are derived once per
 * Connect schema (by identity, as converters hand out one instance per schema).
 */
public final class AvroRecords implements AutoCloseable {

    /** One record for a file: the schema its file must have and the datum. */
    public record Datum(org.apache.avro.Schema schema, Object value) {
    }

    private static final int CACHE_SIZE = 256;
    private static final org.apache.avro.Schema JSON_TEXT = jsonText();
    private static final org.apache.avro.Schema HEADERS = SchemaBuilder.array().items(SchemaBuilder
            .record("Header").namespace("dev.cdcflow.s3").fields()
            .requiredString("key")
            .name("value").type().optional().stringType()
            .endRecord());

    private final boolean envelope;
    private final JsonConverter json = new JsonConverter();
    private final IdentityCache<Schema, org.apache.avro.Schema> valueSchemas = new IdentityCache<>(CACHE_SIZE);
    private final IdentityCache<Schema, IdentityCache<Schema, org.apache.avro.Schema>> envelopeSchemas =
            new IdentityCache<>(CACHE_SIZE);

    public AvroRecords(boolean envelope) {
        this.envelope = envelope;
        json.configure(Map.of("schemas.enable", "false"), false);
    }

    /** @throws org.apache.kafka.connect.errors.DataException when a value does not fit its schema */
    public Datum of(SinkRecord record) {
        if (!envelope) {
            return value(record.valueSchema(), record.value(), record.topic());
        }
        org.apache.avro.Schema schema = envelopeSchemas
                .computeIfAbsent(record.keySchema(), key -> new IdentityCache<>(CACHE_SIZE))
                .computeIfAbsent(record.valueSchema(), value -> envelopeSchema(record.keySchema(), value));
        GenericData.Record datum = new GenericData.Record(schema);
        // Where the record was read, whatever SMTs renamed: with the offset, it names one record.
        datum.put("topic", record.originalTopic());
        datum.put("partition", record.originalKafkaPartition());
        datum.put("offset", record.originalKafkaOffset());
        datum.put("timestamp", record.timestamp());
        datum.put("key", part(record.keySchema(), record.key(), schema.getField("key").schema(), record.topic()));
        datum.put("value", part(record.valueSchema(), record.value(), schema.getField("value").schema(),
                record.topic()));
        datum.put("headers", headers(record));
        return new Datum(schema, datum);
    }

    @Override
    public void close() {
        json.close();
    }

    private Datum value(Schema schema, Object value, String topic) {
        if (schema == null) {
            return new Datum(JSON_TEXT, jsonText(topic, value));
        }
        org.apache.avro.Schema avro = valueSchemas.computeIfAbsent(schema, s -> AvroSchemas.of(s, "Value"));
        return new Datum(avro, AvroValues.convert(schema, value, avro));
    }

    private Object part(Schema schema, Object value, org.apache.avro.Schema avro, String topic) {
        if (value == null) {
            return null;
        }
        return schema == null ? jsonText(topic, value) : AvroValues.convert(schema, value, avro);
    }

    private org.apache.avro.Schema envelopeSchema(Schema keySchema, Schema valueSchema) {
        AvroSchemas names = new AvroSchemas();
        org.apache.avro.Schema key = keySchema == null ? nullable(JSON_TEXT)
                : names.convert(optional(keySchema), "Key");
        org.apache.avro.Schema value = valueSchema == null ? nullable(JSON_TEXT)
                : names.convert(optional(valueSchema), "Value");
        return SchemaBuilder.record("Envelope").namespace("dev.cdcflow.s3").fields()
                .requiredString("topic")
                .requiredInt("partition")
                .requiredLong("offset")
                .name("timestamp").type().optional().longType()
                .name("key").type(key).withDefault(null)
                .name("value").type(value).withDefault(null)
                .name("headers").type(HEADERS).noDefault()
                .endRecord();
    }

    private static List<GenericData.Record> headers(SinkRecord record) {
        List<GenericData.Record> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            GenericData.Record converted = new GenericData.Record(HEADERS.getElementType());
            converted.put("key", header.key());
            converted.put("value", header.value() == null ? null
                    : Values.convertToString(header.schema(), header.value()));
            headers.add(converted);
        }
        return headers;
    }

    private String jsonText(String topic, Object value) {
        return new String(json.fromConnectData(topic, null, value), StandardCharsets.UTF_8);
    }

    /** The schema as optional: an envelope's key and value may be null whatever their schema says. */
    private static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        return new org.apache.kafka.connect.data.ConnectSchema(schema.type(), true, schema.defaultValue(),
                schema.name(), schema.version(), schema.doc(), schema.parameters(),
                schema.type() == Schema.Type.STRUCT ? schema.fields() : null,
                schema.type() == Schema.Type.MAP ? schema.keySchema() : null,
                schema.type() == Schema.Type.MAP || schema.type() == Schema.Type.ARRAY ? schema.valueSchema() : null);
    }

    private static org.apache.avro.Schema nullable(org.apache.avro.Schema schema) {
        return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL),
                schema);
    }

    private static org.apache.avro.Schema jsonText() {
        org.apache.avro.Schema text = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
        text.addProp("cdcflow.content", "json");
        return text;
    }
}
