package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {

    @TempDir
    Path dir;

    @Test
    void newPortsAreFreeAndOutsideTheEphemeralRange() throws IOException {
        Path rangeFile = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        String[] range = Files.readAllLines(rangeFile).get(0).strip().split("\\s+");
        for (int i = 0; i < 50; i++) {
            int port = LoopbackPorts.next();
            assertThat(port).satisfiesAnyOf(
                    p -> assertThat(p).isLessThan(Integer.parseInt(range[0])),
                    p -> assertThat(p).isGreaterThan(Integer.parseInt(range[1])));
            assertThat(LoopbackPorts.isFree(port)).isTrue();
        }
    }

    @Test
    void aTakenPortIsReplacedAndTheNewOneRemembered() throws IOException {
        Files.writeString(dir.resolve("port-http"), "20001");
        List<List<Integer>> tries = new ArrayList<>();

        int started = LoopbackPorts.start("a server", dir, List.of("http"), ports -> {
            tries.add(ports);
            if (tries.size() < 3) {
                throw new IllegalStateException("Cannot start", new BindException("Address already in use"));
            }
            return ports.get(0);
        });

        assertThat(tries).hasSize(3);
        assertThat(tries.get(0)).containsExactly(20001);
        assertThat(started).isNotEqualTo(20001);
        assertThat(Files.readString(dir.resolve("port-http"))).isEqualTo(Integer.toString(started));
    }

    @Test
    void rememberedPortsAreTriedFirst() throws IOException {
        Files.writeString(dir.resolve("port-a"), "20002");
        Files.writeString(dir.resolve("port-b"), "20003");

        List<Integer> ports = LoopbackPorts.start("a server", dir, List.of("a", "b"), given -> given);

        assertThat(ports).containsExactly(20002, 20003);
    }

    /** Another stack's folder holds the port (it was killed and will resume there): this one takes another. */
    @Test
    void aPortAnotherStackKeepsIsNeitherRememberedNorChosen(@TempDir Path other) throws IOException {
        int kept = LoopbackPorts.next();
        PortReservations.reserve(kept, other);
        Files.writeString(dir.resolve("port-s3"), Integer.toString(kept));

        int started = LoopbackPorts.start("a server", dir, List.of("s3"), ports -> ports.get(0));

        assertThat(started).isNotEqualTo(kept);
        assertThat(PortReservations.heldByAnother(kept, dir)).isTrue();
        assertThat(PortReservations.heldByAnother(started, other)).as("reserved for this folder now").isTrue();
        assertThat(PortReservations.heldByAnother(started, dir)).isFalse();
    }

    @Test
    void aReservationOfAFolderThatIsGoneIsVoid() throws IOException {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        int port = LoopbackPorts.next();
        PortReservations.reserve(port, gone);
        Files.delete(gone);

        assertThat(PortReservations.heldByAnother(port, dir)).isFalse();
    }

    @Test
    void otherFailuresAreNotRetried() {
        List<Integer> tries = new ArrayList<>();

        assertThatThrownBy(() -> LoopbackPorts.start("a server", dir, List.of("http"), ports -> {
            tries.add(ports.get(0));
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(tries).hasSize(1);
    }

    @Test
    void requestedPortsAreKeptAcrossTries() {
        List<List<Integer>> tries = new ArrayList<>();

        LoopbackPorts.startOnNew("a worker", List.of(0, 20004), ports -> {
            tries.add(ports);
            if (tries.size() == 1) {
                throw new LoopbackPorts.PortTakenException("taken");
            }
            return ports;
        });

        assertThat(tries).hasSize(2);
        assertThat(tries).allSatisfy(ports -> assertThat(ports.get(1)).isEqualTo(20004));
        assertThat(tries.get(1).get(0)).isNotEqualTo(tries.get(0).get(0));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        List<Integer> tries = new ArrayList<>();

        assertThatThrownBy(() -> LoopbackPorts.start("a server", dir, List.of("http"), ports -> {
            tries.add(ports.get(0));
            throw new LoopbackPorts.PortTakenException("port " + ports.get(0) + " is taken");
        })).isInstanceOf(LoopbackPorts.PortTakenException.class);
        assertThat(tries).hasSize(LoopbackPorts.ATTEMPTS);
    }
}
