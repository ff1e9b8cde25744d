package dev.cdcflow.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the {@code clickhouse-server} binary, or fails with a message that says how to get it. */
final class ClickHouseBinary {

    /** Overrides the search, e.g. {@code CLICKHOUSE_SERVER_BIN=/opt/clickhouse/bin/clickhouse-server}. */
    static final String ENV_OVERRIDE = "CLICKHOUSE_SERVER_BIN";

    private ClickHouseBinary() {
    }

    /** Debian installs it under /usr/sbin, which is not on every user's PATH. */
    private static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"));

    static Path locate() {
        return locate(System.getenv(), SYSTEM_DIRS);
    }

    static Path locate(Map<String, String> env, List<Path> systemDirs) {
        List<Path> candidates = new ArrayList<>();
        String override = env.get(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "clickhouse-server"));
            }
        }
        systemDirs.forEach(dir -> candidates.add(dir.resolve("clickhouse-server")));
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
