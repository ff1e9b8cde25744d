package dev.cdcflow.s3.avro;

/** Avro names from Connect names: Avro allows letters, digits and '_' (not first a digit) in each part. */
final class AvroNames {

    private AvroNames() {
    }

    /** A valid field name for {@code name}: other characters become '_', a leading digit gets a '_' before it. */
    static String field(String name) {
        StringBuilder valid = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (i == 0 && digit) {
                valid.append('_');
            }
            valid.append(letter || digit ? c : '_');
        }
        return valid.isEmpty() ? "_" : valid.toString();
    }

    /** A valid record name (one part). */
    static String name(String name) {
        return field(name);
    }

    /** A valid namespace: each dot-separated part made valid. */
    static String namespace(String namespace) {
        String[] parts = namespace.split("\\.", -1);
        StringBuilder valid = new StringBuilder();
        for (String part : parts) {
            if (!valid.isEmpty()) {
                valid.append('.');
            }
            valid.append(field(part));
        }
        return valid.toString();
    }
}
