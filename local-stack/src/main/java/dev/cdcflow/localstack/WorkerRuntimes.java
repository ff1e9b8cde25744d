package dev.cdcflow.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the jars of a Connect worker in a JVM of its own come from. */
final class WorkerRuntimes {

    /** The module that gathers the worker jars of the release this repository builds against. */
    static final String THIS_RELEASE_LIB = "worker-runtime/target/lib";

    private WorkerRuntimes() {
    }

    /** The worker jars of this repository's Kafka release (built by the worker-runtime module), run by this java. */
    static ConnectWorker.WorkerRuntime thisRelease(Path repositoryDir) {
        Path lib = repositoryDir.resolve(THIS_RELEASE_LIB).toAbsolutePath().normalize();
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Several Connect workers run each in a JVM of its own, from the jars in "
                    + lib + ", which is missing: build it with ./mvnw -pl worker-runtime package");
        }
        return new ConnectWorker.WorkerRuntime(lib, Path.of(System.getProperty("java.home"), "bin", "java"));
    }
}
