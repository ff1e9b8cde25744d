package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM whose shutdown hook never returns still ends, and says where it was stuck. */
class JvmExitTest {

    @Test
    void aHangingShutdownHookDoesNotKeepTheJvm(@TempDir Path dir) throws IOException, InterruptedException {
        Path output = dir.resolve("output.txt");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + JvmExit.GRACE_PROPERTY + "=2", "-cp", System.getProperty("java.class.path"),
                HangingHookMain.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        boolean ended = jvm.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            jvm.destroyForcibly();
        }

        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as("the JVM ended; it printed:\n" + printed).isTrue();
        assertThat(jvm.exitValue()).isEqualTo(3);
        assertThat(printed).contains("did not stop within 2 s of its exit with status 3")
                .contains("\"stuck-hook\"").contains("HangingHookMain");
    }

    /** Exits with status 3 through {@link JvmExit} while a shutdown hook waits forever. */
    public static final class HangingHookMain {
        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // Keeps waiting, as a stuck hook does.
                    }
                }
            }, "stuck-hook"));
            JvmExit.exit(3);
        }
    }
}
