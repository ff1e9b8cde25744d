package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.SchemaNames;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** FlattenChangeEvent on change events captured from the real Debezium PostgreSQL connector. */
class FlattenChangeEventTest {

    @Test
    void snapshotReadBecomesRowWithMetadataAndStandardTypes() {
        SinkRecord input = DebeziumFixtures.record("snapshot");
        Struct row = value(flatten(Map.of(), input));

        assertThat(row.getString("_op")).isEqualTo("r");
        assertThat(row.getInt64("_version")).as("snapshot.version=lowest: below every streamed change").isZero();
        assertThat(row.getInt8("_is_deleted")).isEqualTo((byte) 0);
        assertThat(row.getInt64("_source_ts_ms")).isEqualTo(sourceOf(input).getInt64("ts_ms"));
        assertThat(row.get("_event_date")).isEqualTo(connectDate(dateOfMillis(sourceOf(input).getInt64("ts_ms"))));
        assertThat(row.getString("_event_date_source")).isEqualTo("source.ts_ms");

        assertThat(row.getInt64("id")).isEqualTo(1L);
        assertThat(row.getInt16("small_n")).isEqualTo((short) 1);
        assertThat(row.get("price")).isEqualTo(new BigDecimal("12.50"));
        assertThat(row.get("ratio")).isEqualTo(new BigDecimal("0.500000000"));
        assertThat(row.get("balance")).isEqualTo(new BigDecimal("3.25"));
        assertThat(row.get("birth_date")).isEqualTo(connectDate(LocalDate.parse("2024-01-31")));
        assertThat(row.get("open_at")).isEqualTo(new Date(8 * 3_600_000L + 30 * 60_000L));
        assertThat(row.get("created_local")).isEqualTo(Date.from(Instant.parse("2024-01-31T08:30:00.123Z")));
        assertThat(row.get("created_at")).isEqualTo(Date.from(Instant.parse("2024-01-31T06:30:00.123Z")));
        assertThat(row.getString("external_id")).isEqualTo("6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d");
        assertThat(row.getString("attrs")).isEqualTo("{\"a\": 1}");
        assertThat(row.getString("status")).isEqualTo("pending");
        assertThat(row.getArray("scores")).containsExactly(1, 2, 3);
        assertThat(row.getArray("labels")).containsExactly("x", "y");
        assertThat(bytes(row.get("payload"))).containsExactly(1, 2, (byte) 0xff);
    }

    @Test
    void aSnapshotReadLosesToAChangeStreamedAfterItEvenWithALowerLsn() {
        SinkRecord snapshot = DebeziumFixtures.record("snapshot");
        long snapshotLsn = sourceOf(snapshot).getInt64("lsn");
        // A transaction open when the snapshot started is streamed after it, with a change LSN below the snapshot's.
        long openTransactionLsn = snapshotLsn - 100;
        assertThat(value(flatten(Map.of(), snapshot)).getInt64("_version")).isLessThan(openTransactionLsn);

        assertThat(value(flatten(Map.of("snapshot.version", "source"), snapshot)).getInt64("_version"))
                .as("snapshot.version=source").isEqualTo(snapshotLsn);
    }

    @Test
    void debeziumLogicalTypesBecomeStandardConnectSchemas() {
        Schema schema = value(flatten(Map.of(), DebeziumFixtures.record("insert"))).schema();

        assertThat(schema.name()).isEqualTo("fixtures.public.all_types.Value");
        assertThat(schema.field("birth_date").schema().name())
                .isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(schema.field("open_at").schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(schema.field("created_local").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("created_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("ratio").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(schema.field("ratio").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "9");
        assertThat(schema.field("price").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "2");
        Schema status = schema.field("status").schema();
        assertThat(status.type()).isEqualTo(Schema.Type.STRING);
        assertThat(status.name()).isNull();
        assertThat(status.parameters())
                .containsEntry(SchemaNames.SEMANTIC_TYPE_PARAMETER, "io.debezium.data.Enum")
                .containsEntry("allowed", "pending,paid,shipped");
        assertThat(schema.field("external_id").schema().parameters())
                .containsEntry(SchemaNames.SEMANTIC_TYPE_PARAMETER, SchemaNames.DEBEZIUM_UUID);
        assertThat(schema.field("tags_b").schema().parameters())
                .containsEntry(SchemaNames.SEMANTIC_TYPE_PARAMETER, "io.debezium.data.Json");
        assertThat(schema.field("id").schema().isOptional()).isFalse();
        assertThat(schema.field("note").schema().isOptional()).isTrue();
        assertThat(schema.field("_op").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(schema.field("_version").schema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(schema.field("_is_deleted").schema()).isEqualTo(Schema.INT8_SCHEMA);
        assertThat(schema.field("_event_date").schema()).isEqualTo(org.apache.kafka.connect.data.Date.SCHEMA);
    }

    @Test
    void insertKeepsExtremeValues() {
        Struct row = value(flatten(Map.of(), DebeziumFixtures.record("insert")));

        assertThat(row.getString("_op")).isEqualTo("c");
        assertThat(row.getInt16("small_n")).isEqualTo(Short.MIN_VALUE);
        assertThat(row.getInt32("int_n")).isEqualTo(Integer.MIN_VALUE);
        assertThat(row.getInt64("big_n")).isEqualTo(Long.MAX_VALUE);
        assertThat(row.get("price")).isEqualTo(new BigDecimal("-9999999999.99"));
        assertThat(row.get("ratio")).isEqualTo(new BigDecimal("123456789.000000001"));
        assertThat(row.get("balance")).isEqualTo(new BigDecimal("-12.34"));
        assertThat(row.getFloat64("double_n")).isEqualTo(1e300);
        assertThat(row.getString("note")).isEqualTo("second ünïcödé");
        assertThat(row.get("birth_date")).isEqualTo(new Date(0));
        assertThat(row.get("open_at")).as("23:59:59.999999 truncated to ms").isEqualTo(new Date(86_399_999L));
        assertThat(row.get("created_local")).isEqualTo(Date.from(Instant.parse("1999-12-31T23:59:59.999Z")));
        assertThat(row.get("created_at")).isEqualTo(Date.from(Instant.parse("2026-11-21T10:15:30.500Z")));
        assertThat(row.getArray("scores")).isEmpty();
        assertThat(bytes(row.get("payload"))).isEmpty();
    }

    @Test
    void updateCarriesTheAfterImage() {
        Struct row = value(flatten(Map.of(), DebeziumFixtures.record("update")));

        assertThat(row.getString("_op")).isEqualTo("u");
        assertThat(row.getString("status")).isEqualTo("shipped");
        assertThat(row.get("price")).isEqualTo(new BigDecimal("99.99"));
        assertThat(row.getString("note")).isNull();
    }

    @Test
    void versionsGrowFromSnapshotThroughStreaming() {
        long snapshot = value(flatten(Map.of(), DebeziumFixtures.record("snapshot"))).getInt64("_version");
        long insert = value(flatten(Map.of(), DebeziumFixtures.record("insert"))).getInt64("_version");
        long update = value(flatten(Map.of(), DebeziumFixtures.record("update"))).getInt64("_version");
        long delete = value(flatten(Map.of(), DebeziumFixtures.record("delete"))).getInt64("_version");

        assertThat(snapshot).isLessThan(insert);
        assertThat(insert).isLessThan(update);
        assertThat(update).isLessThan(delete);
    }

    @Test
    void deleteBecomesTheBeforeImageFlaggedDeleted() {
        Struct row = value(flatten(Map.of(), DebeziumFixtures.record("delete")));

        assertThat(row.getString("_op")).isEqualTo("d");
        assertThat(row.getInt8("_is_deleted")).isEqualTo((byte) 1);
        assertThat(row.getInt64("id")).isEqualTo(2L);
        assertThat(row.getString("status")).isEqualTo("shipped");
    }

    @Test
    void deleteCanBeDroppedOrTurnedIntoATombstone() {
        SinkRecord delete = DebeziumFixtures.record("delete");

        assertThat(flatten(Map.of("delete.handling", "drop"), delete)).isNull();
        SinkRecord tombstone = flatten(Map.of("delete.handling", "tombstone"), delete);
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.valueSchema()).isNull();
        assertThat(tombstone.key()).isEqualTo(delete.key());
    }

    @Test
    void debeziumTombstonesAreDroppedUnlessPassed() {
        SinkRecord tombstone = DebeziumFixtures.record("tombstone");

        assertThat(flatten(Map.of(), tombstone)).isNull();
        assertThat(flatten(Map.of("tombstone.handling", "pass"), tombstone)).isSameAs(tombstone);
    }

    @Test
    void truncateIsDroppedOrPassedAsAMetadataOnlyMarker() {
        SinkRecord truncate = DebeziumFixtures.record("truncate");

        assertThat(flatten(Map.of(), truncate)).isNull();
        Struct marker = value(flatten(Map.of("truncate.handling", "pass"), truncate));
        assertThat(marker.schema().name()).isEqualTo("fixtures.public.all_types.Truncate");
        assertThat(marker.schema().fields()).extracting(field -> field.name()).containsExactly(
                "_op", "_version", "_is_deleted", "_source_ts_ms", "_event_date", "_event_date_source",
                "_unchanged_columns");
        assertThat(marker.getString("_op")).isEqualTo("t");
        assertThat(ChangeMarkers.isTruncate(marker.schema())).as("marked for the sinks").isTrue();
        assertThat(ChangeMarkers.isTruncate(value(flatten(Map.of(), DebeziumFixtures.record("insert_nulls"))).schema()))
                .isFalse();
    }

    @Test
    void rowOfNullsFallsBackToTheCommitTimeForItsEventDate() {
        Struct row = value(flatten(Map.of("event.date.fields", "created_at"), DebeziumFixtures.record("insert_nulls")));

        assertThat(row.getInt64("id")).isEqualTo(3L);
        assertThat(row.get("created_at")).isNull();
        assertThat(row.getString("_event_date_source")).isEqualTo("source.ts_ms");
    }

    @Test
    void eventDateComesFromTheFirstNonNullBusinessTimestampTableEntriesFirst() {
        Map<String, String> config = Map.of("event.date.fields", "birth_date, all_types:created_at");

        Struct snapshot = value(flatten(config, DebeziumFixtures.record("snapshot")));
        assertThat(snapshot.getString("_event_date_source")).isEqualTo("created_at");
        assertThat(snapshot.get("_event_date")).isEqualTo(connectDate(LocalDate.parse("2024-01-31")));

        Struct otherTable = value(flatten(Map.of("event.date.fields", "birth_date, orders:created_at"),
                DebeziumFixtures.record("insert")));
        assertThat(otherTable.getString("_event_date_source")).isEqualTo("birth_date");
        assertThat(otherTable.get("_event_date")).isEqualTo(connectDate(LocalDate.parse("1970-01-01")));
    }

    @Test
    void eventDateFollowsTheConfiguredTimeZone() {
        // created_at of the insert is 2026-11-21T10:15:30.5Z: still the 21st in UTC, already the 22nd in Kiritimati.
        Map<String, String> config = Map.of("event.date.fields", "created_at",
                "event.date.timezone", "Pacific/Kiritimati");

        assertThat(value(flatten(config, DebeziumFixtures.record("insert"))).get("_event_date"))
                .isEqualTo(connectDate(LocalDate.parse("2026-11-22")));
    }

    @Test
    void microsecondPrecisionIsKeptInMicrosMode() {
        Struct row = value(flatten(Map.of("time.precision", "micros"), DebeziumFixtures.record("snapshot")));

        assertThat(row.schema().field("created_local").schema().name()).isEqualTo(SchemaNames.DEBEZIUM_MICRO_TIMESTAMP);
        assertThat(row.getInt64("created_local")).isEqualTo(1_706_689_800_123_456L);
        assertThat(row.getInt64("created_at")).isEqualTo(1_706_682_600_123_456L);
        assertThat(row.schema().field("open_at").schema().name()).isEqualTo(SchemaNames.DEBEZIUM_MICRO_TIME);
        assertThat(row.getInt64("open_at")).isEqualTo(30_600_000_000L);
        assertThat(row.schema().field("birth_date").schema().name())
                .isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
    }

    @Test
    void variableScaleDecimalsCanStayExactAsStrings() {
        Map<String, String> config = Map.of("variable.scale.decimal.handling", "string");

        assertThat(value(flatten(config, DebeziumFixtures.record("snapshot"))).getString("ratio")).isEqualTo("0.5");
        assertThat(value(flatten(config, DebeziumFixtures.record("insert"))).getString("ratio"))
                .isEqualTo("123456789.000000001");
        Struct rounded = value(flatten(Map.of("variable.scale.decimal.scale", "2"), DebeziumFixtures.record("insert")));
        assertThat(rounded.get("ratio")).isEqualTo(new BigDecimal("123456789.00"));
    }

    @Test
    void semanticTypesCanKeepTheirDebeziumSchemas() {
        Schema schema = value(flatten(Map.of("semantic.types", "keep"), DebeziumFixtures.record("insert"))).schema();

        assertThat(schema.field("external_id").schema().name()).isEqualTo(SchemaNames.DEBEZIUM_UUID);
        assertThat(schema.field("status").schema().name()).isEqualTo("io.debezium.data.Enum");
    }

    @Test
    void metadataFieldsCanBeRenamedOrLeftOut() {
        Struct row = value(flatten(Map.of("op.field", "", "event.date.source.field", "", "version.field", "__ver"),
                DebeziumFixtures.record("insert")));

        assertThat(row.schema().field("_op")).isNull();
        assertThat(row.schema().field("_event_date_source")).isNull();
        assertThat(row.getInt64("__ver")).isPositive();
    }

    @Test
    void outputSchemaIsDerivedOncePerInputSchema() {
        // A converter hands out one Schema instance per schema, as these two records share one.
        SinkRecord insert = DebeziumFixtures.record("insert");
        SinkRecord again = insert.newRecord(insert.topic(), 0, insert.keySchema(), insert.key(), insert.valueSchema(),
                insert.value(), 0L);
        try (FlattenChangeEvent<SinkRecord> transform = transform(Map.of())) {
            Schema first = transform.apply(insert).valueSchema();

            assertThat(transform.apply(again).valueSchema()).isSameAs(first);
        }
    }

    @Test
    void schemalessChangeEventsBecomeMaps() {
        SinkRecord record = DebeziumFixtures.schemaless("delete");
        @SuppressWarnings("unchecked")
        Map<String, Object> row =
                (Map<String, Object>) flatten(Map.of("event.date.fields", "created_at"), record).value();

        assertThat(row).containsEntry("id", 2L).containsEntry("_op", "d").containsEntry("_is_deleted", 1)
                .containsEntry("_event_date", "2026-11-21").containsEntry("_event_date_source", "created_at");
        assertThat(row.get("_version")).isInstanceOf(Long.class);
    }

    @Test
    void recordsThatAreNotChangeEventsPassOrFail() {
        Schema plain = SchemaBuilder.struct().name("plain").field("id", Schema.INT32_SCHEMA).build();
        SinkRecord record = new SinkRecord("heartbeats", 0, null, null, plain, new Struct(plain).put("id", 1), 5);

        assertThat(flatten(Map.of(), record)).isSameAs(record);
        assertThatThrownBy(() -> flatten(Map.of("non.envelope.handling", "fail"), record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("heartbeats is not a Debezium change event");
    }

    @Test
    void columnNamedLikeAMetadataFieldIsAClearError() {
        assertThatThrownBy(() -> flatten(Map.of("op.field", "note"), DebeziumFixtures.record("insert")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("already has a column named 'note'");
    }

    @Test
    void deleteWithoutBeforeImageSaysHowToFixIt() {
        SinkRecord delete = DebeziumFixtures.record("delete");
        Struct envelope = (Struct) delete.value();
        Struct withoutBefore = new Struct(envelope.schema());
        envelope.schema().fields().forEach(field -> withoutBefore.put(field, envelope.get(field)));
        withoutBefore.put("before", null);

        assertThatThrownBy(() -> flatten(Map.of(), delete.newRecord(delete.topic(), 0, delete.keySchema(),
                delete.key(), envelope.schema(), withoutBefore, 0L)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("REPLICA IDENTITY is NOTHING");
    }

    private static SinkRecord flatten(Map<String, String> config, SinkRecord record) {
        try (FlattenChangeEvent<SinkRecord> transform = transform(config)) {
            return transform.apply(record);
        }
    }

    private static FlattenChangeEvent<SinkRecord> transform(Map<String, String> config) {
        FlattenChangeEvent<SinkRecord> transform = new FlattenChangeEvent<>();
        transform.configure(new HashMap<>(config));
        return transform;
    }

    private static Struct value(SinkRecord record) {
        return (Struct) record.value();
    }

    private static Struct sourceOf(SinkRecord record) {
        return ((Struct) record.value()).getStruct("source");
    }

    private static Date connectDate(LocalDate date) {
        return new Date(date.toEpochDay() * 86_400_000L);
    }

    private static LocalDate dateOfMillis(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return (byte[]) value;
    }
}
