package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Connect worker of another Kafka version, in a JVM of its own: {@code ConnectDistributed} from the jars of a
 * {@code connect-runtime} release, with the same worker properties as the stack's own worker. Lets the plugins be
 * run on the workers people have, not only on the version this repository builds against.
 */
final class ConnectProcess {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final String PID_FILE = "worker.pid";

    private final Process process;
    private final URI restUrl;
    private final int agentPort;
    private final Path log;
    private final NetworkCut networkCut;

    private ConnectProcess(Process process, URI restUrl, int agentPort, Path log, NetworkCut networkCut) {
        this.process = process;
        this.restUrl = restUrl;
        this.agentPort = agentPort;
        this.log = log;
        this.networkCut = networkCut;
    }

    /**
     * Starts a worker from the runtime's jars with its java (and the exporter agent, when it has one), its files in
     * {@code dir}, and waits until its REST API answers. A worker that could not bind its REST or metrics port is
     * started again on new ones.
     */
    static ConnectProcess start(ConnectWorker.WorkerRuntime runtime, Map<String, String> workerProps, Path dir) {
        int agentPort = runtime.agent() == null ? -1 : runtime.agent().port();
        return LoopbackPorts.startOnNew("a Connect worker", List.of(0, Math.max(agentPort, 0)),
                ports -> start(runtime, workerProps, dir, ports.get(0), agentPort < 0 ? 0 : ports.get(1)));
    }

    private static ConnectProcess start(ConnectWorker.WorkerRuntime runtime, Map<String, String> workerProps, Path dir,
                                        int restPort, int agentPort) {
        stopLeftover(dir);
        Path runtimeLib = runtime.lib();
        Map<String, String> props = new TreeMap<>(workerProps);
        props.put("listeners", "http://127.0.0.1:" + restPort);
        try {
            Files.createDirectories(dir);
            StringBuilder properties = new StringBuilder();
            props.forEach((key, value) -> properties.append(key).append('=').append(value.replace("\\", "\\\\"))
                    .append('\n'));
            Path workerFile = Files.writeString(dir.resolve("worker.properties"), properties);
            // Kafka 3.x logs through reload4j, 4.x through Log4j 2: a file for each, warnings and up.
            Path log4j = Files.writeString(dir.resolve("log4j.properties"), "log4j.rootLogger=WARN, out\n"
                    + "log4j.appender.out=org.apache.log4j.ConsoleAppender\n"
                    + "log4j.appender.out.layout=org.apache.log4j.PatternLayout\n"
                    + "log4j.appender.out.layout.ConversionPattern=%d %p %c{1} - %m%n\n");
            Path log4j2 = Files.writeString(dir.resolve("log4j2.properties"), "rootLogger.level=warn\n"
                    + "rootLogger.appenderRef.out.ref=out\nappender.out.type=Console\nappender.out.name=out\n"
                    + "appender.out.layout.type=PatternLayout\nappender.out.layout.pattern=%d %p %c{1} - %m%n\n");
            Path log = dir.resolve("worker.log");
            List<String> command = new ArrayList<>(List.of(runtime.java().toString(), "-Xmx1g"));
            if (agentPort != 0) {
                command.add(MetricsEndpoint.agentOption(runtime.agent().jar(), runtime.agent().rules(), agentPort));
            }
            command.addAll(List.of("-Dlog4j.configuration=file:" + log4j, "-Dlog4j2.configurationFile=" + log4j2,
                    "-cp", runtimeLib.toAbsolutePath() + "/*", "org.apache.kafka.connect.cli.ConnectDistributed",
                    workerFile.toString()));
            // In a control group of its own, so that it can be cut off the network alone; a cut a killed stack left
            // in place is healed first.
            NetworkCut networkCut = NetworkCut.of(dir);
            networkCut.heal();
            ProcessBuilder builder = new ProcessBuilder(networkCut.wrap(command));
            builder.environment().putAll(StackSecrets.VALUES);
            Process process = builder
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()));
            ConnectProcess worker = new ConnectProcess(process, URI.create("http://127.0.0.1:" + restPort + "/"),
                    agentPort, log, networkCut);
            worker.awaitRest();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a Connect worker from " + runtimeLib, e);
        }
    }

    /**
     * Stops the worker of {@code dir} an earlier stack left running when it was killed: it would rejoin the group
     * and run tasks beside the new workers.
     */
    static void stopLeftover(Path dir) {
        Leftovers.stop(dir.resolve(PID_FILE), dir, "a Connect worker", 30);
    }

    URI restUrl() {
        return restUrl;
    }

    /** The exporter agent's loopback port, 0 when the worker runs without it. */
    int agentPort() {
        return agentPort;
    }

    /** Stops the worker as a service manager does (SIGTERM: a graceful shutdown), and waits for it. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        networkCut.release();
    }

    /** Kills the worker as a crash would (SIGKILL): no task is stopped, no offset flushed. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        networkCut.release();
    }

    /** Freezes the worker (SIGSTOP), as a long GC pause or a stalled machine does: it keeps its sockets open. */
    void pause() {
        signal("STOP");
    }

    /** Lets a paused worker go on (SIGCONT) from where it stood, unaware of the time it lost. */
    void resume() {
        signal("CONT");
    }

    /** Drops every packet the worker sends to these loopback ports: a network partition, until {@link #heal()}. */
    void cutOffFrom(Collection<Integer> ports) {
        networkCut.cut(ports);
    }

    /** Ends a cut: the worker's connections go on where they stalled. */
    void heal() {
        networkCut.heal();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal the Connect worker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted signalling the Connect worker", e);
        }
    }

    private void awaitRest() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String exited = "The Connect worker exited with " + process.exitValue() + "; its log " + log
                        + " ends with:\n" + tail();
                // Its log is new each start: a taken REST or metrics port is said there.
                throw new ServerLog(log, 0).mentions("Address already in use")
                        ? new LoopbackPorts.PortTakenException(exited) : new IllegalStateException(exited);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(restUrl)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the worker started", e);
            }
            Await.sleep(Duration.ofMillis(300));
        }
        stop();
        throw new IllegalStateException("The Connect worker did not answer within " + START_TIMEOUT.toSeconds()
                + " s; its log " + log + " ends with:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
