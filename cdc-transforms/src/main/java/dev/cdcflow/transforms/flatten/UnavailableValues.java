package dev.cdcflow.transforms.flatten;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Schema;

/**
 * Recognises Debezium's placeholder for a value it does not have: an unchanged large (TOAST) value of an update under
 * PostgreSQL's default replica identity, which logical decoding does not send. Debezium puts its placeholder in the
 * column's own type: text as itself (text, varchar, json, jsonb, xml), bytea as its UTF-8 bytes, an array of text as
 * a one-element array, an array of numbers as the placeholder's bytes, one number each. Seen on Debezium 3.x with
 * pgoutput; a value equal to the placeholder by chance is not to be expected.
 */
public final class UnavailableValues {

    private final String placeholder;
    private final byte[] bytes;

    UnavailableValues(String placeholder) {
        this.placeholder = placeholder;
        this.bytes = placeholder.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether values of this schema can be the placeholder: only text, bytes and arrays. */
    static boolean mayStandIn(Schema schema) {
        return schema.type() == Schema.Type.STRING || schema.type() == Schema.Type.BYTES
                || schema.type() == Schema.Type.ARRAY;
    }

    /** Whether {@code value} is the placeholder rather than a value. */
    boolean isPlaceholder(Object value) {
        if (value instanceof String text) {
            return text.length() == placeholder.length() && text.equals(placeholder);
        }
        if (value instanceof byte[] array) {
            return Arrays.equals(array, bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining() == bytes.length && buffer.equals(ByteBuffer.wrap(bytes));
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 && placeholder.equals(list.get(0)) || isPlaceholderBytes(list);
        }
        return false;
    }

    /** What a column without its value holds: null, or an empty value where the column is required. */
    static Object standIn(Schema schema) {
        if (schema.isOptional()) {
            return null;
        }
        return switch (schema.type()) {
            case STRING -> "";
            case BYTES -> new byte[0];
            case ARRAY -> List.of();
            default -> throw new IllegalArgumentException("No empty value of type " + schema.type());
        };
    }

    private boolean isPlaceholderBytes(List<?> list) {
        if (list.size() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (!(list.get(i) instanceof Number number) || number.longValue() != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
