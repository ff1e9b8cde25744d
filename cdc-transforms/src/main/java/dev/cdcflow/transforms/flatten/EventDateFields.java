package dev.cdcflow.transforms.flatten;

import java.util.ArrayList;
import java.util.List;

/**
 * The business timestamp fields the event date is taken from: entries {@code field} (any table) and
 * {@code table:field} (one table). For a table, its own entries come first, in the order given, then the others.
 */
public final class EventDateFields {

    private record Entry(String table, String field) {
    }

    private final List<Entry> entries;

    private EventDateFields(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the config list; a malformed entry is an {@link IllegalArgumentException} that quotes it. */
    public static EventDateFields parse(List<String> values) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : values) {
            String value = raw.trim();
            int colon = value.indexOf(':');
            String table = colon < 0 ? null : value.substring(0, colon).trim();
            String field = colon < 0 ? value : value.substring(colon + 1).trim();
            if (field.isEmpty() || (table != null && table.isEmpty()) || field.contains(":")) {
                throw new IllegalArgumentException("Entry '" + raw + "' is not 'field' or 'table:field'");
            }
            entries.add(new Entry(table, field));
        }
        return new EventDateFields(entries);
    }

    /** The candidate fields for {@code table}, most specific first. */
    public List<String> candidatesFor(String table) {
        List<String> candidates = new ArrayList<>();
        entries.stream().filter(entry -> entry.table() != null && entry.table().equals(table))
                .forEach(entry -> candidates.add(entry.field()));
        entries.stream().filter(entry -> entry.table() == null).forEach(entry -> candidates.add(entry.field()));
        return candidates;
    }
}
