package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loopback ports for the stack's servers that cannot bind port 0 and report the port back, and starting such a
 * server without losing a race for its port. The ports a work folder keeps are reserved against other local stacks
 * ({@link PortReservations}).
 *
 * <p>A port chosen now and bound later can be taken in between. Two things close that gap: the ports come from
 * outside the kernel's ephemeral range (where port 0 and every outgoing connection take theirs), so only another
 * program that also picks fixed ports could take one; and a server that still finds a port taken is started again
 * on new ones ({@link #start}).
 */
final class LoopbackPorts {

    /** How many sets of ports a server is tried on before its start fails. */
    static final int ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackPorts.class);
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Below this are the well-known and commonly configured ports (databases, brokers, web servers). */
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 65535;

    private LoopbackPorts() {
    }

    /**
     * Starts a server on the ports remembered in {@code dir} (files {@code port-<name>}, so a resumed stack keeps its
     * addresses) or on new ones, and when a port turns out to be taken ({@link #isPortTaken}), again on new ones, up
     * to {@value #ATTEMPTS} times. The ports it started on are remembered.
     */
    static <T> T start(String what, Path dir, List<String> names, Function<List<Integer>, T> start) {
        List<Integer> first = names.stream().map(name -> remembered(dir, name)).toList();
        return retry(what, first, List.of(), ports -> {
            remember(dir, names, ports);
            T started = start.apply(ports);
            ports.forEach(port -> PortReservations.reserve(port, dir));
            return started;
        });
    }

    /**
     * Starts a server on the {@code requested} ports (0: any free one), and when a port turns out to be taken, again
     * with new ones in place of the 0s, up to {@value #ATTEMPTS} times.
     */
    static <T> T startOnNew(String what, List<Integer> requested, Function<List<Integer>, T> start) {
        return retry(what, requested, requested, start);
    }

    private static <T> T retry(String what, List<Integer> first, List<Integer> requested,
                               Function<List<Integer>, T> start) {
        List<Integer> ports = new ArrayList<>(first);
        ports.replaceAll(port -> port != 0 ? port : next());
        for (int attempt = 1; ; attempt++) {
            try {
                return start.apply(List.copyOf(ports));
            } catch (RuntimeException e) {
                if (!isPortTaken(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warn("{}: a port of {} was taken before the server could bind it; trying new ports", what, ports);
                for (int i = 0; i < ports.size(); i++) {
                    ports.set(i, i < requested.size() && requested.get(i) != 0 ? requested.get(i) : next());
                }
            }
        }
    }

    /** A port free now, outside the ephemeral range: see the class comment. */
    static int next() {
        int[] ephemeral = ephemeralRange();
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
            if ((port < ephemeral[0] || port > ephemeral[1]) && !PortReservations.heldByAnother(port, null)
                    && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port outside the ephemeral range " + ephemeral[0] + "-"
                + ephemeral[1] + " after 200 tries");
    }

    /** Whether nothing listens on {@code port} of loopback now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Fails with {@link PortTakenException} unless {@code port} is free: a cheap check before a slow start. */
    static void requireFree(String what, int port) {
        if (!isFree(port)) {
            throw new PortTakenException(what + ": port " + port + " is taken");
        }
    }

    /** Whether a start failed because a port was taken: a {@link BindException} or the text servers print for it. */
    static boolean isPortTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || cause instanceof PortTakenException
                    || cause.getMessage() != null && cause.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static int remembered(Path dir, String name) {
        Path file = dir.resolve("port-" + name);
        try {
            if (!Files.exists(file)) {
                return next();
            }
            int port = Integer.parseInt(Files.readString(file).strip());
            // Another stack's now (this folder's stack was gone long enough for it to be taken): a new one.
            return PortReservations.heldByAnother(port, dir) ? next() : port;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " does not hold a port number", e);
        }
    }

    private static void remember(Path dir, List<String> names, List<Integer> ports) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < names.size(); i++) {
                Files.writeString(dir.resolve("port-" + names.get(i)), Integer.toString(ports.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remember ports in " + dir, e);
        }
    }

    /** The kernel's ephemeral port range (a procfs file: read by lines, its size is 0), else Linux's default. */
    private static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).strip().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {32768, 60999};
        }
    }

    /** A server could not bind a port another program holds; ends an {@link Await} at once. */
    static final class PortTakenException extends ConditionFailedException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }

        PortTakenException(String message, Throwable cause) {
            super(message);
            initCause(cause);
        }
    }
}
