package dev.cdcflow.localstack;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Ends a command's JVM for certain. {@code System.exit} runs the shutdown hooks, and a hook that never returns (a
 * server's own hook waiting on a thread that will not stop) keeps the JVM alive for good; so every exit, and every
 * shutdown a signal starts, arms a timer that prints where the threads are stuck and halts the JVM when the hooks have
 * not finished within {@link #GRACE}.
 */
public final class JvmExit {

    /**
     * How long the shutdown hooks may take: Connect's task shutdown (20 s) and the herder's, with room to spare;
     * {@value #GRACE_PROPERTY} sets another number of seconds.
     */
    public static final Duration GRACE = Duration.ofSeconds(Long.getLong(JvmExit.GRACE_PROPERTY, 90));
    public static final String GRACE_PROPERTY = "cdcflow.exit.grace.seconds";

    private JvmExit() {
    }

    /** A command's work, which may fail. */
    @FunctionalInterface
    public interface Command {
        void run() throws Exception;
    }

    /**
     * Runs a command's work and exits: 0 when it returns, 1 (its stack trace printed) when it throws. A {@code main}
     * that just returned would leave the JVM to any non-daemon thread a library still runs.
     */
    public static void runThenExit(Command command) {
        int status = 0;
        try {
            command.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        exit(status);
    }

    /** Exits with {@code status}: the shutdown hooks run, for at most {@link #GRACE}. */
    public static void exit(int status) {
        haltAfterGrace(status, "exit with status " + status);
        System.exit(status);
    }

    /**
     * Arms the timer from a shutdown hook (a Ctrl-C, a SIGTERM, or {@link #exit}): if the JVM still runs after
     * {@link #GRACE}, it prints every thread's stack to stderr and halts with {@code status}.
     */
    public static void haltAfterGrace(int status, String reason) {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            PrintStream err = System.err;
            err.println("The JVM did not stop within " + GRACE.toSeconds() + " s of its " + reason
                    + "; halting it. Its threads:");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                err.println("\"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement frame : stack) {
                    err.println("    at " + frame);
                }
            });
            err.flush();
            Runtime.getRuntime().halt(status);
        }, "jvm-exit-timer");
        timer.setDaemon(true);
        timer.start();
    }
}
