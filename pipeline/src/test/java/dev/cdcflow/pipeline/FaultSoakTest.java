package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short fault soak through the same script people run (scripts/soak-pipeline.sh): three cycles with the faults
 * most likely to lose or double rows (a kill -9 of the pipeline JVM with a restart on its work folder, a ClickHouse
 * outage spanning a rebalance, a PostgreSQL crash), each followed by the full check (PostgreSQL = ClickHouse FINAL
 * per key and column, every committed Kafka offset in exactly one S3 object). It runs its own stack in its own JVM.
 */
@Tag("integration")
class FaultSoakTest {

    /**
     * A failed soak's work folder (Kafka's log, PostgreSQL, ClickHouse, the S3 objects) moved out of the temporary
     * folder JUnit deletes, to target/soak-failure/, for whoever looks into it.
     */
    private static void keepForInspection(Path workDir) throws IOException {
        Path kept = Path.of("target", "soak-failure-" + System.currentTimeMillis());
        Files.createDirectories(kept.getParent());
        Files.move(workDir, kept);
        System.out.println("The failed soak's work folder is kept in " + kept.toAbsolutePath());
    }

    @Test
    void threeFaultCyclesLoseAndDoubleNothing(@TempDir Path scratch) throws IOException, InterruptedException {
        Path workDir = scratch.resolve("soak");
        Path output = scratch.resolve("soak.log");
        ProcessBuilder soak = new ProcessBuilder("bash", "scripts/soak-pipeline.sh", "--cycles", "3", "--faults",
                "kill-pipeline,clickhouse-outage-with-rebalance,postgres-crash", "--traffic-seconds", "5",
                "--seed", "11", "--work-dir", workDir.toString())
                .directory(LocalStack.repositoryDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The build that runs this test has just made the plugins and the class path the script needs.
        soak.environment().put("CDCFLOW_SKIP_BUILD", "true");
        Process process = soak.start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log.lines().filter(line -> line.startsWith("soak") || line.startsWith("cycle")
                || line.contains(" cycle ") || line.startsWith("  PostgreSQL")).reduce("", (a, b) -> a + b + "\n"));
        if (!finished || process.exitValue() != 0) {
            keepForInspection(workDir);
        }
        assertThat(finished).as("the soak finished within 15 minutes; its output:\n" + log).isTrue();
        assertThat(process.exitValue()).as("the soak's exit code; its output:\n" + log).isZero();
        assertThat(log).contains("soak: kill -9 of the pipeline JVM").contains("soak: 3 cycles, 0 differences");
        // It ended by itself after success, and took its JVM and servers with it.
        assertThat(ScriptRun.processesMentioning(workDir)).as("processes left behind").isEmpty();
    }
}
