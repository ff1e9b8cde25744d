package dev.cdcflow.transforms.flatten;

import java.util.List;

/** The names of the CDC metadata fields a flattened row carries; an empty name leaves that field out. */
public record MetadataFieldNames(String op, String version, String deleted, String sourceTs, String eventDate,
                                 String eventDateSource, String unchangedColumns) {

    /** All names, in the order the fields follow the row's columns. */
    List<String> all() {
        return List.of(op, version, deleted, sourceTs, eventDate, eventDateSource, unchangedColumns);
    }

    static boolean enabled(String name) {
        return !name.isEmpty();
    }
}
