package dev.cdcflow.transforms.flatten;

import java.util.List;

/** The parts of the configuration that shape flat rows, parsed once at configure time. */
record FlattenSettings(MetadataFieldNames names, TypeNormalizer normalizer, List<String> versionSourceFields,
                       EventDateResolver eventDates, UnavailableValues unavailable) {

    static FlattenSettings of(FlattenConfig config) {
        return new FlattenSettings(config.metadataFieldNames(), config.typeNormalizer(),
                config.versionSourceFields(), new EventDateResolver(config.eventDateFields(), config.eventDateZone()),
                config.unavailableValues());
    }
}
