package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process started inside a cut's control group loses the ports it is cut off from, and only those, while every
 * other process still reaches them; healing, by the same cut or by the next one of the folder (a stack killed during
 * a cut), gives them back.
 */
class NetworkCutTest {

    @TempDir
    Path dir;

    @Test
    void aCutProcessLosesOnlyItsPortsUntilHealed() throws IOException {
        assertThat(NetworkCut.unavailableBecause()).as("network cuts need root and iptables (scripts/test.sh "
                + "installs iptables as root)").isNull();
        try (ServerSocket cutOff = listen(); ServerSocket other = listen()) {
            NetworkCut cut = NetworkCut.of(dir);
            try {
                assertThat(connects(cut, cutOff)).as("before the cut").isTrue();

                cut.cut(List.of(cutOff.getLocalPort()));
                assertThat(connects(cut, cutOff)).as("the cut port, from inside").isFalse();
                assertThat(connects(cut, other)).as("another port, from inside").isTrue();
                try (Socket fromHere = new Socket(InetAddress.getLoopbackAddress(), cutOff.getLocalPort())) {
                    assertThat(fromHere.isConnected()).as("the cut port, from outside").isTrue();
                }

                NetworkCut.of(dir).heal();
                assertThat(connects(cut, cutOff)).as("after healing").isTrue();
            } finally {
                cut.release();
            }
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Whether a process started in the cut's group connects to the server within two seconds. */
    private static boolean connects(NetworkCut cut, ServerSocket server) {
        List<String> command = cut.wrap(List.of("timeout", "2", "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()));
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
