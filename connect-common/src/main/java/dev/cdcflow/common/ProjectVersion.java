package dev.cdcflow.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this project, as every connector and transform reports it through {@code version()}.
 *
 * <p>It comes from a resource that Maven filters with the parent pom's version, so the pom stays the single
 * source of truth and the value is right even when the classes run from {@code target/classes}.
 */
public final class ProjectVersion {

    private static final String RESOURCE = "version.properties";
    private static final String VERSION = load();

    private ProjectVersion() {
    }

    /** The project version, for example {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " beside " + ProjectVersion.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
