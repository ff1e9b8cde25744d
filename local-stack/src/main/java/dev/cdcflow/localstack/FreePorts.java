package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free loopback ports for servers that cannot bind port 0 themselves and report it back. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * The port a service had last time in {@code dir} (file {@code port-<name>}) if it is free now, else a new one,
     * remembered there: a resumed stack keeps its addresses, so connector configs stored in Connect stay valid.
     */
    static int remembered(Path dir, String name) {
        Path file = dir.resolve("port-" + name);
        try {
            if (Files.exists(file)) {
                int port = Integer.parseInt(Files.readString(file).strip());
                if (isFree(port)) {
                    return port;
                }
            }
            int port = next();
            Files.createDirectories(dir);
            Files.writeString(file, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remember a port in " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " does not hold a port number", e);
        }
    }

    static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
