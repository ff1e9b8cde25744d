package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands people run end by themselves and leave no process behind: the main command on Ctrl-C and on a
 * failure, the fault soak on SIGTERM (its end after success: {@link FaultSoakTest}). Each is the repository's own
 * script with its own JVM, PostgreSQL and ClickHouse.
 */
@Tag("integration")
class CommandsStopTest {

    private static final Duration START = Duration.ofMinutes(3);
    /** Connect's graceful task shutdown and the servers' stops, with room: the JVM's own limit is 90 s. */
    private static final Duration STOP = Duration.ofMinutes(2);

    @TempDir
    Path scratch;

    @Test
    void theMainCommandStopsOnCtrlC() throws Exception {
        Path workDir = scratch.resolve("pipeline");
        try (ScriptRun pipeline = ScriptRun.start(scratch.resolve("pipeline.log"), "bash", "scripts/run-pipeline.sh",
                "--work-dir", workDir.toString(), "--metrics-port", "0", "--rate", "5", "--customers", "20")) {
            pipeline.awaitOutput("Registering the connectors", START);
            assertThat(ScriptRun.processesMentioning(workDir)).as("the pipeline's JVM and servers")
                    .hasSizeGreaterThan(2);

            pipeline.signal("INT");

            assertThat(pipeline.awaitExit(STOP)).as("exit code after Ctrl-C; output:\n" + pipeline.output())
                    .isEqualTo(130);
            assertThat(ScriptRun.processesMentioning(workDir)).as("processes left behind").isEmpty();
        }
    }

    @Test
    void theMainCommandEndsWhenItCannotStart() throws Exception {
        Path notAStack = Files.createDirectories(scratch.resolve("not-a-stack"));
        Files.writeString(notAStack.resolve("notes.txt"), "someone else's folder");
        try (ScriptRun pipeline = ScriptRun.start(scratch.resolve("refused.log"), "bash", "scripts/run-pipeline.sh",
                "--work-dir", notAStack.toString())) {

            assertThat(pipeline.awaitExit(STOP)).as("exit code; output:\n" + pipeline.output()).isEqualTo(1);
            assertThat(pipeline.output()).contains("is not empty and is not a local stack's");
            assertThat(ScriptRun.processesMentioning(notAStack)).isEmpty();
        }
    }

    @Test
    void theSoakStopsOnSigterm() throws Exception {
        Path workDir = scratch.resolve("soak");
        try (ScriptRun soak = ScriptRun.start(scratch.resolve("soak.log"), "bash", "scripts/soak-pipeline.sh",
                "--cycles", "5", "--faults", "rebalance", "--traffic-seconds", "30", "--work-dir",
                workDir.toString())) {
            // Mid-run: the stack is up and the seeder's traffic flows.
            soak.awaitOutput("soak: the pipeline runs", START);

            soak.signal("TERM");

            assertThat(soak.awaitExit(STOP)).as("exit code after SIGTERM; output:\n" + soak.output()).isEqualTo(143);
            assertThat(ScriptRun.processesMentioning(workDir)).as("processes left behind").isEmpty();
        }
    }
}
