package dev.cdcflow.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers a crashed stack left running. A stack killed with SIGKILL cannot stop the servers it started in their own
 * processes (PostgreSQL, ClickHouse); the next stack on the same work folder stops them from their pid files before
 * it starts its own. A process is only stopped if its command line names the folder, so a pid the system has since
 * given to another program is left alone.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /**
     * Stops the process whose pid is the first line of {@code pidFile} if it still runs with {@code dir} on its
     * command line: SIGTERM first, SIGKILL if it has not gone after {@code grace}.
     */
    static void stop(Path pidFile, Path dir, String what, long graceSeconds) {
        Optional<ProcessHandle> leftover = running(pidFile, dir);
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle process = leftover.get();
        LOG.warn("Stopping {} (pid {}) left running by an earlier stack on {}", what, process.pid(), dir);
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** The process of {@code pidFile}, if it runs and its command line mentions {@code dir}. */
    static Optional<ProcessHandle> running(Path pidFile, Path dir) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return Optional.empty();
            }
            // /proc/<pid>/cmdline: the arguments separated by NUL bytes.
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
            String folder = dir.toAbsolutePath().normalize().toString();
            return commandLine.contains(folder) ? process : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
