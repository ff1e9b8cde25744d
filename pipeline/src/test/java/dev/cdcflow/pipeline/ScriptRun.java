package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConditionFailedException;
import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of the repository's scripts, run as people run it (from the repository root, with the build this test is part
 * of: {@code CDCFLOW_SKIP_BUILD=true}), its output in a file; and the processes that mention a folder, to show none
 * is left behind.
 */
final class ScriptRun implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ScriptRun(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ScriptRun start(Path output, String... command) throws IOException {
        // As from a terminal, where a Ctrl-C reaches a shell whose SIGINT is at its default: a build started in the
        // background of another shell hands its children SIGINT ignored, which a shell can then neither trap nor
        // reset, so the script is started through perl (always on Debian), which puts it back to its default.
        List<String> asFromATerminal = new ArrayList<>(List.of("perl", "-e",
                "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"cannot run @ARGV: $!\";"));
        asFromATerminal.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(asFromATerminal)
                .directory(LocalStack.repositoryDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CDCFLOW_SKIP_BUILD", "true");
        return new ScriptRun(builder.start(), output);
    }

    /** Waits until the output holds {@code text}; fails early when the script ends first. */
    void awaitOutput(String text, Duration timeout) {
        Await.until("'" + text + "' in the output of the script", timeout, () -> {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new ConditionFailedException("the script ended with " + process.exitValue()
                        + " before printing '" + text + "':\n" + output());
            }
            return false;
        });
    }

    /** Sends a signal to the script itself, as a terminal's Ctrl-C (INT) or a service manager (TERM) would. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** The script's exit code, or null when it has not ended within {@code timeout}. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command lines of every running process that mentions {@code folder} (its JVM, PostgreSQL, ClickHouse). */
    static List<String> processesMentioning(Path folder) {
        String needle = folder.toAbsolutePath().normalize().toString();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().matches("\\d+"))
                    .map(entry -> commandLine(entry.resolve("cmdline")))
                    .filter(commandLine -> commandLine.contains(needle))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list /proc", e);
        }
    }

    private static String commandLine(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** Leaves nothing behind when a test fails midway. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
