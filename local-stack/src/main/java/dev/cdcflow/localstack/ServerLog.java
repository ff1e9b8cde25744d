package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a server wrote to its log file since a point: marked before a start, read after a failure to tell why (a
 * taken port, say) without mistaking an earlier run's lines for this one's.
 */
record ServerLog(Path file, long start) {

    /** Marks the current end of {@code file} (which may not exist yet). */
    static ServerLog from(Path file) {
        try {
            return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
        } catch (IOException unreadable) {
            return new ServerLog(file, 0);
        }
    }

    /** Whether the lines written since the mark hold {@code text}; false when the file cannot be read. */
    boolean mentions(String text) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(start, Files.size(file)));
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException unreadable) {
            return false;
        }
    }
}
