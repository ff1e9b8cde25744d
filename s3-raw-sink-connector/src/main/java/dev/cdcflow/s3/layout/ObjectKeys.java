package dev.cdcflow.s3.layout;

/**
 * Object keys: {@code <prefix>/<path>/<topic>+<partition>+<first offset, 20 digits>.<ext>}. The first offset makes
 * a key unique per partition and sorts the files of a folder in offset order; a replay of the same records gets the
 * same key.
 */
public final class ObjectKeys {

    private final String prefix;
    private final String extension;

    /** @param extension with its dot, e.g. {@code .avro} */
    public ObjectKeys(String prefix, String extension) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.extension = extension;
    }

    public String key(String path, String topic, int partition, long firstOffset) {
        return prefix + (path.isEmpty() ? "" : path + "/") + topic + "+" + partition + "+"
                + String.format("%020d", firstOffset) + extension;
    }
}
