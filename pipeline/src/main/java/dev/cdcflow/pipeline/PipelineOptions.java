package dev.cdcflow.pipeline;

import java.nio.file.Path;

/**
 * What the main command can be told; every option has a default, so it runs with none.
 *
 * @param seed              the seeder's seed: the same seed gives the same traffic
 * @param ratePerSecond     seeder transactions per second after the initial load
 * @param customers         customers of the initial load (products and orders scale with it)
 * @param maxTransactions   transactions after the initial load, then the seeder stops; -1 runs until Ctrl-C
 * @param invalidEmailRatio share of customer emails written without an '@', for the rejected-rows path to catch
 * @param s3FlushSeconds    record time an S3 file spans before it closes and goes up, and how long a quiet
 *                          partition waits before its files do
 * @param stageCommitSeconds how often the Iceberg stage commits to its tables
 * @param statusSeconds     seconds between two status screens
 * @param metricsPort       the loopback port of the Prometheus endpoint (0: a free one)
 * @param workers           Connect workers in the group: 1 in the command's JVM, more each in a JVM of its own
 * @param brokers           Kafka nodes: 1 in the command's JVM, or a cluster of 3 or more, each in a JVM of its own
 * @param plugins           the folder of plugin folders
 * @param workDir           where the services keep their files; null for a temporary folder
 */
public record PipelineOptions(long seed, int ratePerSecond, int customers, long maxTransactions,
                              double invalidEmailRatio, int s3FlushSeconds, int stageCommitSeconds,
                              int statusSeconds, int metricsPort, int workers, int brokers, Path plugins,
                              Path workDir) {

    static final String USAGE = String.join("\n",
            "Usage: scripts/run-pipeline.sh [options]",
            "  --seed N                 the seeder's seed (default 42): the same seed, the same traffic",
            "  --rate N                 transactions per second after the initial load (default 20)",
            "  --customers N            customers of the initial load; products a fifth of it, orders twice",
            "                           (default 1000)",
            "  --transactions N         stop the seeder after N transactions (default -1: until Ctrl-C)",
            "  --invalid-email-ratio R  share of emails without an '@', rejected by ValidateRow (default 0.02)",
            "  --s3-flush-seconds N     record time an S3 file spans, and time a quiet partition waits, before its",
            "                           files go up (default 30)",
            "  --stage-commit-seconds N how often the Iceberg stage commits to its tables (default 10)",
            "  --status-seconds N       seconds between status screens (default 2)",
            "  --metrics-port N         loopback port of the Prometheus metrics (default 9404, as the Connect image;",
            "                           0 for a free one)",
            "  --workers N              Connect workers in one group (default 1, in this JVM; more run each in a",
            "                           JVM of its own, so one can be killed or paused alone)",
            "  --brokers N              Kafka nodes (default 1, in this JVM; 3 or more run each in a JVM of its",
            "                           own, topics with 3 replicas and min.insync.replicas=2)",
            "  --plugins DIR            folder of plugin folders (default pipeline/target/plugins)",
            "  --work-dir DIR           keep the services' files there instead of a temporary folder");

    /** The options of a command line; an unknown option or a bad value fails with a message naming it. */
    public static PipelineOptions parse(String... args) {
        long seed = 42;
        int rate = 20;
        int customers = 1000;
        long transactions = -1;
        double invalidEmails = 0.02;
        int s3FlushSeconds = 30;
        int stageCommitSeconds = 10;
        int statusSeconds = 2;
        int metricsPort = 9404;
        int workers = 1;
        int brokers = 1;
        Path plugins = Path.of("pipeline", "target", "plugins");
        Path workDir = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (name) {
                case "--seed" -> seed = Arguments.number(name, value, USAGE);
                case "--rate" -> rate = Arguments.positive(name, value, USAGE);
                case "--customers" -> customers = Arguments.positive(name, value, USAGE);
                case "--transactions" -> transactions = Arguments.number(name, value, USAGE);
                case "--invalid-email-ratio" -> invalidEmails = ratio(name, value);
                case "--s3-flush-seconds" -> s3FlushSeconds = Arguments.positive(name, value, USAGE);
                case "--stage-commit-seconds" -> stageCommitSeconds = Arguments.positive(name, value, USAGE);
                case "--status-seconds" -> statusSeconds = Arguments.positive(name, value, USAGE);
                case "--metrics-port" -> metricsPort = port(name, value);
                case "--workers" -> workers = Arguments.positive(name, value, USAGE);
                case "--brokers" -> brokers = brokers(name, value);
                case "--plugins" -> plugins = Path.of(Arguments.required(name, value, USAGE));
                case "--work-dir" -> workDir = Path.of(Arguments.required(name, value, USAGE));
                default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
            }
        }
        return new PipelineOptions(seed, rate, customers, transactions, invalidEmails, s3FlushSeconds,
                stageCommitSeconds, statusSeconds, metricsPort, workers, brokers, plugins, workDir);
    }

    private static int brokers(String name, String value) {
        int brokers = Arguments.positive(name, value, USAGE);
        if (brokers == 2) {
            throw new IllegalArgumentException(name + " takes 1 or 3 and more (topics have three replicas on a "
                    + "cluster), not 2");
        }
        return brokers;
    }

    private static int port(String name, String value) {
        long port = Arguments.number(name, value, USAGE);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " takes a port from 0 to 65535, not '" + value + "'");
        }
        return (int) port;
    }

    private static double ratio(String name, String value) {
        try {
            double ratio = Double.parseDouble(Arguments.required(name, value, USAGE));
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException(name + " takes a share from 0 to 1, not '" + value + "'");
    }
}
