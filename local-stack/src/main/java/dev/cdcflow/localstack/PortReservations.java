package dev.cdcflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ports a local stack's work folder keeps across restarts, reserved machine-wide so that no other local stack
 * takes one meanwhile. A stack resumed after a kill -9 must find its ports free: its connectors' stored configs name
 * them, and until it registers them again with new addresses they would reach another stack's servers, which take
 * the same local credentials (an S3 sink would write its objects into another stack's S3 server and commit them).
 * A reservation is a file per port in the machine's temporary folder naming the folder that holds it; one whose
 * folder is gone (a stack that cleaned up) is void.
 */
final class PortReservations {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "cdcflow-port-reservations");

    private PortReservations() {
    }

    /** Reserves {@code port} for {@code owner}, a folder of the stack's work folder. */
    static void reserve(int port, Path owner) {
        try {
            Files.createDirectories(DIR);
            Path temporary = Files.createTempFile(DIR, port + "-", ".tmp");
            Files.writeString(temporary, owner.toAbsolutePath().normalize().toString());
            Files.move(temporary, file(port), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Only a guard against other stacks: without it the stack still runs, as before reservations.
        }
    }

    /** Whether a folder other than {@code owner} (null: any folder) that still exists holds {@code port}. */
    static boolean heldByAnother(int port, Path owner) {
        try {
            Path file = file(port);
            if (!Files.exists(file)) {
                return false;
            }
            Path holder = Path.of(Files.readString(file).strip());
            return Files.isDirectory(holder) && (owner == null || !holder.equals(owner.toAbsolutePath().normalize()));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static Path file(int port) {
        return DIR.resolve(Integer.toString(port));
    }
}
