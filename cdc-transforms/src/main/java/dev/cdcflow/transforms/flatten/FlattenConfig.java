package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.CdcColumns;
import dev.cdcflow.common.MetadataColumn;
import dev.cdcflow.common.config.EnumOption;
import dev.cdcflow.common.config.Validators;
import dev.cdcflow.transforms.flatten.FlattenOptions.DeleteHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.NonEnvelopeHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.SemanticTypeHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.SnapshotVersion;
import dev.cdcflow.transforms.flatten.FlattenOptions.TimePrecision;
import dev.cdcflow.transforms.flatten.FlattenOptions.TombstoneHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.TruncateHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.VariableScaleDecimalHandling;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The configuration of {@code FlattenChangeEvent}, declared once. */
public final class FlattenConfig extends AbstractConfig {

    private static final String GROUP_EVENTS = "Events";
    private static final String GROUP_METADATA = "Metadata fields";
    private static final String GROUP_TYPES = "Types";

    public static final String DELETE_HANDLING_CONFIG = "delete.handling";
    public static final String TOMBSTONE_HANDLING_CONFIG = "tombstone.handling";
    public static final String TRUNCATE_HANDLING_CONFIG = "truncate.handling";
    public static final String NON_ENVELOPE_HANDLING_CONFIG = "non.envelope.handling";

    public static final String OP_FIELD_CONFIG = MetadataColumn.OP.option();
    public static final String VERSION_FIELD_CONFIG = MetadataColumn.VERSION.option();
    public static final String DELETED_FIELD_CONFIG = MetadataColumn.DELETED.option();
    public static final String SOURCE_TS_FIELD_CONFIG = MetadataColumn.SOURCE_TS.option();
    public static final String EVENT_DATE_FIELD_CONFIG = MetadataColumn.EVENT_DATE.option();
    public static final String EVENT_DATE_SOURCE_FIELD_CONFIG = MetadataColumn.EVENT_DATE_SOURCE.option();
    public static final String UNCHANGED_COLUMNS_FIELD_CONFIG = MetadataColumn.UNCHANGED_COLUMNS.option();
    public static final String UNAVAILABLE_PLACEHOLDER_CONFIG = "unavailable.value.placeholder";
    public static final String VERSION_SOURCE_FIELDS_CONFIG = "version.source.fields";
    public static final String SNAPSHOT_VERSION_CONFIG = "snapshot.version";
    public static final String EVENT_DATE_FIELDS_CONFIG = "event.date.fields";
    public static final String EVENT_DATE_TIMEZONE_CONFIG = "event.date.timezone";

    public static final String TIME_PRECISION_CONFIG = "time.precision";
    public static final String VARIABLE_SCALE_DECIMAL_CONFIG = "variable.scale.decimal.handling";
    public static final String VARIABLE_SCALE_DECIMAL_SCALE_CONFIG = "variable.scale.decimal.scale";
    public static final String SEMANTIC_TYPES_CONFIG = "semantic.types";
    public static final String SCHEMA_CACHE_SIZE_CONFIG = "schema.cache.size";

    private static final String FIELD_NAME_DOC = " An empty value leaves the field out.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(enumOption(DELETE_HANDLING_CONFIG, DeleteHandling.class, DeleteHandling.REWRITE,
                    "What a delete event becomes:", GROUP_EVENTS, 1, "Deletes"))
            .define(enumOption(TOMBSTONE_HANDLING_CONFIG, TombstoneHandling.class, TombstoneHandling.DROP,
                    "What a tombstone (null value) record becomes:", GROUP_EVENTS, 2, "Tombstones"))
            .define(enumOption(TRUNCATE_HANDLING_CONFIG, TruncateHandling.class, TruncateHandling.DROP,
                    "What a truncate event becomes:", GROUP_EVENTS, 3, "Truncates"))
            .define(enumOption(NON_ENVELOPE_HANDLING_CONFIG, NonEnvelopeHandling.class, NonEnvelopeHandling.PASS,
                    "What a record that is not a Debezium change event (heartbeat, schema change, plain row) "
                            + "becomes:", GROUP_EVENTS, 4, "Other records"))
            .define(OP_FIELD_CONFIG, Type.STRING, CdcColumns.OP, fieldName(), Importance.MEDIUM,
                    "Name of the operation field: c (create), u (update), d (delete), r (snapshot read), "
                            + "t (truncate marker)." + FIELD_NAME_DOC,
                    GROUP_METADATA, 1, Width.SHORT, "Operation field")
            .define(VERSION_FIELD_CONFIG, Type.STRING, CdcColumns.VERSION, fieldName(), Importance.MEDIUM,
                    "Name of the int64 version field, monotonic per row (a ReplacingMergeTree version)."
                            + FIELD_NAME_DOC, GROUP_METADATA, 2, Width.SHORT, "Version field")
            .define(DELETED_FIELD_CONFIG, Type.STRING, CdcColumns.DELETED, fieldName(), Importance.MEDIUM,
                    "Name of the int8 deleted flag: 1 for a delete, else 0." + FIELD_NAME_DOC,
                    GROUP_METADATA, 3, Width.SHORT, "Deleted flag field")
            .define(SOURCE_TS_FIELD_CONFIG, Type.STRING, CdcColumns.SOURCE_TS_MS, fieldName(), Importance.MEDIUM,
                    "Name of the int64 field with the commit time at the source (source.ts_ms)." + FIELD_NAME_DOC,
                    GROUP_METADATA, 4, Width.SHORT, "Source time field")
            .define(EVENT_DATE_FIELD_CONFIG, Type.STRING, CdcColumns.EVENT_DATE, fieldName(), Importance.MEDIUM,
                    "Name of the Date field used to partition the row: the first non-null of event.date.fields, "
                            + "else the source commit time." + FIELD_NAME_DOC,
                    GROUP_METADATA, 5, Width.SHORT, "Event date field")
            .define(EVENT_DATE_SOURCE_FIELD_CONFIG, Type.STRING, CdcColumns.EVENT_DATE_SOURCE, fieldName(),
                    Importance.LOW, "Name of the string field that says which field the event date came from "
                            + "(a row field name, or 'source.ts_ms')." + FIELD_NAME_DOC,
                    GROUP_METADATA, 6, Width.SHORT, "Event date lineage field")
            .define(UNCHANGED_COLUMNS_FIELD_CONFIG, Type.STRING, CdcColumns.UNCHANGED_COLUMNS, fieldName(),
                    Importance.MEDIUM, "Name of the optional array-of-strings field that names the columns whose "
                            + "value the change event did not carry: PostgreSQL's unchanged large (TOAST) values, "
                            + "which Debezium replaces by its placeholder in updates under the default replica "
                            + "identity. "
                            + "Those columns are null in the row (an empty value where the column is required), and "
                            + "the field is null when every value came. The ClickHouse sink fills them from the row's "
                            + "previous version." + FIELD_NAME_DOC + " Then the placeholder stays in the row.",
                    GROUP_METADATA, 11, Width.SHORT, "Unchanged columns field")
            .define(UNAVAILABLE_PLACEHOLDER_CONFIG, Type.STRING, "__debezium_unavailable_value",
                    Importance.LOW, "The placeholder Debezium sends for a value it does not have (its own option "
                            + "of the same name): as text, as its UTF-8 bytes, as a one-element array, or as an array "
                            + "of its bytes as numbers (Debezium's form for arrays of numbers). Empty: never looked "
                            + "for.", GROUP_METADATA, 12, Width.MEDIUM, "Unavailable value placeholder")
            .define(VERSION_SOURCE_FIELDS_CONFIG, Type.LIST, List.of("lsn"), nonEmptyList(), Importance.MEDIUM,
                    "Fields of the event's 'source' block that hold the version, tried in order; the first "
                            + "non-null one wins. It must be a number (or a string of digits) that grows with "
                            + "every change of a row. PostgreSQL: lsn. Use another field for other Debezium "
                            + "connectors, e.g. 'event_serial_no' or a sequence your source provides.",
                    GROUP_METADATA, 7, Width.MEDIUM, "Version source fields")
            .define(enumOption(SNAPSHOT_VERSION_CONFIG, SnapshotVersion.class, SnapshotVersion.LOWEST,
                    "Which version a snapshot read (op r) carries:", GROUP_METADATA, 10, "Snapshot version"))
            .define(EVENT_DATE_FIELDS_CONFIG, Type.LIST, List.of(), eventDateFieldsValidator(), Importance.MEDIUM,
                    "Business timestamp fields for the event date, tried in order; the first non-null wins. "
                            + "An entry is 'field' (any table) or 'table:field' (only that table; tried before the "
                            + "entries for any table). Example: orders:placed_at,created_at",
                    GROUP_METADATA, 8, Width.LONG, "Event date fields")
            .define(EVENT_DATE_TIMEZONE_CONFIG, Type.STRING, "UTC", zoneId(), Importance.LOW,
                    "Time zone in which a timestamp falls on its event date.",
                    GROUP_METADATA, 9, Width.SHORT, "Event date time zone")
            .define(enumOption(TIME_PRECISION_CONFIG, TimePrecision.class, TimePrecision.MILLIS,
                    "How io.debezium.time types (Date, Time, MicroTime, NanoTime, Timestamp, MicroTimestamp, "
                            + "NanoTimestamp, ZonedTimestamp) are expressed; Date always becomes Connect Date:",
                    GROUP_TYPES, 1, "Time precision"))
            .define(enumOption(VARIABLE_SCALE_DECIMAL_CONFIG, VariableScaleDecimalHandling.class,
                    VariableScaleDecimalHandling.DECIMAL, "How a VariableScaleDecimal (NUMERIC without a scale) "
                            + "is expressed:", GROUP_TYPES, 2, "Variable-scale decimals"))
            .define(VARIABLE_SCALE_DECIMAL_SCALE_CONFIG, Type.INT, 9, ConfigDef.Range.between(0, 38),
                    Importance.LOW, "Scale of the Decimal a VariableScaleDecimal becomes in 'decimal' mode.",
                    GROUP_TYPES, 3, Width.SHORT, "Variable-scale decimal scale")
            .define(enumOption(SEMANTIC_TYPES_CONFIG, SemanticTypeHandling.class, SemanticTypeHandling.STRING,
                    "How Debezium's semantic string types (io.debezium.data.Json, Uuid, Enum, EnumSet, Xml, ...) "
                            + "are expressed:", GROUP_TYPES, 4, "Semantic types"))
            .define(SCHEMA_CACHE_SIZE_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many input schemas to keep derived output schemas for.",
                    GROUP_TYPES, 5, Width.SHORT, "Schema cache size");

    public FlattenConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        requireDistinctMetadataNames();
    }

    public DeleteHandling deleteHandling() {
        return EnumOption.parse(DeleteHandling.class, DELETE_HANDLING_CONFIG, getString(DELETE_HANDLING_CONFIG));
    }

    public TombstoneHandling tombstoneHandling() {
        return EnumOption.parse(TombstoneHandling.class, TOMBSTONE_HANDLING_CONFIG,
                getString(TOMBSTONE_HANDLING_CONFIG));
    }

    public TruncateHandling truncateHandling() {
        return EnumOption.parse(TruncateHandling.class, TRUNCATE_HANDLING_CONFIG,
                getString(TRUNCATE_HANDLING_CONFIG));
    }

    public NonEnvelopeHandling nonEnvelopeHandling() {
        return EnumOption.parse(NonEnvelopeHandling.class, NON_ENVELOPE_HANDLING_CONFIG,
                getString(NON_ENVELOPE_HANDLING_CONFIG));
    }

    public MetadataFieldNames metadataFieldNames() {
        return new MetadataFieldNames(getString(OP_FIELD_CONFIG), getString(VERSION_FIELD_CONFIG),
                getString(DELETED_FIELD_CONFIG), getString(SOURCE_TS_FIELD_CONFIG),
                getString(EVENT_DATE_FIELD_CONFIG), getString(EVENT_DATE_SOURCE_FIELD_CONFIG),
                getString(UNCHANGED_COLUMNS_FIELD_CONFIG));
    }

    /** The values standing for a value Debezium does not have, or null when they are not looked for. */
    public UnavailableValues unavailableValues() {
        String placeholder = getString(UNAVAILABLE_PLACEHOLDER_CONFIG);
        return placeholder.isEmpty() || getString(UNCHANGED_COLUMNS_FIELD_CONFIG).isEmpty() ? null
                : new UnavailableValues(placeholder);
    }

    public List<String> versionSourceFields() {
        return getList(VERSION_SOURCE_FIELDS_CONFIG);
    }

    public SnapshotVersion snapshotVersion() {
        return EnumOption.parse(SnapshotVersion.class, SNAPSHOT_VERSION_CONFIG, getString(SNAPSHOT_VERSION_CONFIG));
    }

    public EventDateFields eventDateFields() {
        return EventDateFields.parse(getList(EVENT_DATE_FIELDS_CONFIG));
    }

    public ZoneId eventDateZone() {
        return ZoneId.of(getString(EVENT_DATE_TIMEZONE_CONFIG));
    }

    public TypeNormalizer typeNormalizer() {
        return new TypeNormalizer(
                EnumOption.parse(TimePrecision.class, TIME_PRECISION_CONFIG, getString(TIME_PRECISION_CONFIG)),
                EnumOption.parse(VariableScaleDecimalHandling.class, VARIABLE_SCALE_DECIMAL_CONFIG,
                        getString(VARIABLE_SCALE_DECIMAL_CONFIG)),
                getInt(VARIABLE_SCALE_DECIMAL_SCALE_CONFIG),
                EnumOption.parse(SemanticTypeHandling.class, SEMANTIC_TYPES_CONFIG, getString(SEMANTIC_TYPES_CONFIG)));
    }

    public int schemaCacheSize() {
        return getInt(SCHEMA_CACHE_SIZE_CONFIG);
    }

    private void requireDistinctMetadataNames() {
        Set<String> seen = new HashSet<>();
        for (String key : List.of(OP_FIELD_CONFIG, VERSION_FIELD_CONFIG, DELETED_FIELD_CONFIG, SOURCE_TS_FIELD_CONFIG,
                EVENT_DATE_FIELD_CONFIG, EVENT_DATE_SOURCE_FIELD_CONFIG, UNCHANGED_COLUMNS_FIELD_CONFIG)) {
            String name = getString(key);
            if (!name.isEmpty() && !seen.add(name)) {
                throw new ConfigException(key, name, "Another metadata field already has this name");
            }
        }
    }

    private static <E extends Enum<E> & EnumOption.Described> ConfigDef.ConfigKey enumOption(String name,
            Class<E> type, E defaultValue, String lead, String group, int order, String displayName) {
        return new ConfigDef.ConfigKey(name, Type.STRING, EnumOption.valueOf(defaultValue),
                EnumOption.validator(type), Importance.MEDIUM, EnumOption.doc(lead, type), group, order,
                Width.SHORT, displayName, List.of(), EnumOption.recommender(type), false);
    }

    /** A metadata field name: empty (field left out) or a plain identifier Connect and sinks accept. */
    private static ConfigDef.Validator fieldName() {
        return Validators.described("empty, or letters, digits and _", (name, value) -> {
            String text = value == null ? "" : value.toString();
            if (!text.isEmpty() && !text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(name, value,
                        "A field name is letters, digits and underscores, not starting with a digit");
            }
        });
    }

    private static ConfigDef.Validator nonEmptyList() {
        return Validators.described("one or more field names", (name, value) -> {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "Name at least one field");
            }
        });
    }

    private static ConfigDef.Validator eventDateFieldsValidator() {
        return Validators.described("field or table:field entries", (name, value) -> {
            try {
                @SuppressWarnings("unchecked")
                List<String> entries = (List<String>) value;
                EventDateFields.parse(entries);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        });
    }

    private static ConfigDef.Validator zoneId() {
        return Validators.described("a time zone id", (name, value) -> {
            try {
                ZoneId.of(String.valueOf(value));
            } catch (DateTimeException e) {
                throw new ConfigException(name, value, "Not a time zone id such as UTC or Europe/Berlin");
            }
        });
    }
}
