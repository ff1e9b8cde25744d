package dev.cdcflow.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@code clickhouse-server} binary, or fails with a message that says how to get it. */
final class ClickHouseBinary {

    /** Overrides the search, e.g. {@code CLICKHOUSE_SERVER_BIN=/opt/clickhouse/bin/clickhouse-server}. */
    static final String ENV_OVERRIDE = "CLICKHOUSE_SERVER_BIN";

    private ClickHouseBinary() {
    }

    static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "clickhouse-server"));
            }
        }
        // Debian installs it under /usr/sbin, which is not on every user's PATH.
        candidates.add(Path.of("/usr/sbin/clickhouse-server"));
        candidates.add(Path.of("/usr/bin/clickhouse-server"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No clickhouse-server binary found (looked in $" + ENV_OVERRIDE
                + ", $PATH, /usr/sbin, /usr/bin). Install it with 'sudo apt-get install clickhouse-server' "
                + "(Debian/Ubuntu; scripts/test.sh does this when run as root), or point " + ENV_OVERRIDE
                + " at an installed binary.");
    }
}
