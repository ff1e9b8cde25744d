package dev.cdcflow.localstack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure names what was awaited. */
public final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private Await() {
    }

    /** Waits until {@code condition} is true. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Waits until {@code probe} returns a value and returns it. A probe that throws is retried (the last error is
     * attached to the timeout so a failure shows why the condition never held), except with a
     * {@link ConditionFailedException}, which ends the wait at once.
     */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                Optional<T> result = probe.get();
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (ConditionFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                IllegalStateException timedOut =
                        new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
                if (lastError != null) {
                    timedOut.addSuppressed(lastError);
                }
                throw timedOut;
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Sleeps, turning an interrupt into an exception (the interrupt flag stays set). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
