package dev.cdcflow.transforms.flatten;

/** The names of the CDC metadata fields a flattened row carries; an empty name leaves that field out. */
public record MetadataFieldNames(String op, String version, String deleted, String sourceTs, String eventDate,
                                 String eventDateSource) {

    static boolean enabled(String name) {
        return !name.isEmpty();
    }
}
