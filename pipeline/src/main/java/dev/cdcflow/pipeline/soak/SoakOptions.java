package dev.cdcflow.pipeline.soak;

import dev.cdcflow.localstack.ConnectWorker;
import dev.cdcflow.pipeline.Arguments;
import dev.cdcflow.pipeline.PipelineOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What the fault soak can be told: its own options, and the main command's for the pipeline it runs.
 *
 * @param cycles          fault cycles to run, then stop
 * @param faults          the faults to choose from; each cycle takes the next of a seeded shuffle of them
 * @param trafficSeconds  seconds of traffic before each fault and after it, before the check
 * @param catchUpSeconds  how long a check waits for ClickHouse to equal PostgreSQL before it reports a difference
 * @param pipeline        the pipeline's options (seed, rate, customers, work folder, ...)
 */
record SoakOptions(int cycles, List<Fault> faults, int trafficSeconds, int catchUpSeconds, PipelineOptions pipeline) {

    static final String USAGE = String.join("\n",
            "Usage: scripts/soak-pipeline.sh [options] [pipeline options]",
            "  --cycles N             fault cycles, then stop (default 20)",
            "  --faults A,B,...       faults to inject (default all the stack can take): "
                    + labels(Fault.Needs.NOTHING) + "; with --workers 2 or more also "
                    + labels(Fault.Needs.WORKER_GROUP) + "; with --brokers 3 or more also "
                    + labels(Fault.Needs.KAFKA_CLUSTER) + "; with --workers 2 or more as root also "
                    + labels(Fault.Needs.NETWORK_CUT),
            "  --traffic-seconds N    traffic before and after each fault (default 15)",
            "  --catch-up-seconds N   how long a check waits for ClickHouse to catch up (default 240)",
            "Pipeline options as for scripts/run-pipeline.sh: --seed, --rate (default here 50), --customers (default"
                    + " here 300), --invalid-email-ratio, --s3-flush-seconds (default here 5), --work-dir (kept);"
                    + " see --help there.");

    static SoakOptions parse(String... args) {
        int cycles = 20;
        List<Fault> faults = null;
        int trafficSeconds = 15;
        int catchUpSeconds = 240;
        List<String> pipelineArgs = new ArrayList<>(List.of("--rate", "50", "--customers", "300",
                "--s3-flush-seconds", "5"));
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (name) {
                case "--cycles" -> cycles = Arguments.positive(name, value, USAGE);
                case "--faults" -> faults = Arrays.stream(Arguments.required(name, value, USAGE).split(","))
                        .map(Fault::parse).distinct().toList();
                case "--traffic-seconds" -> trafficSeconds = Arguments.positive(name, value, USAGE);
                case "--catch-up-seconds" -> catchUpSeconds = Arguments.positive(name, value, USAGE);
                default -> {
                    pipelineArgs.add(name);
                    if (value != null) {
                        pipelineArgs.add(value);
                    }
                }
            }
        }
        PipelineOptions pipeline = PipelineOptions.parse(pipelineArgs.toArray(String[]::new));
        if (pipeline.workDir() == null) {
            throw new IllegalArgumentException("--work-dir is required: the soak resumes the pipeline there after "
                    + "each kill\n" + USAGE);
        }
        if (faults == null) {
            faults = Fault.all(pipeline.workers(), pipeline.brokers());
        }
        for (Fault fault : faults) {
            if (!fault.needs().metBy(pipeline.workers(), pipeline.brokers())) {
                String unavailable = fault.needs() == Fault.Needs.NETWORK_CUT
                        ? ConnectWorker.networkCutsUnavailableBecause() : null;
                String cuts = unavailable == null ? "" : " (here: " + unavailable + ")";
                throw new IllegalArgumentException("--faults " + fault.label() + " needs " + fault.needs().option()
                        + cuts + "\n" + USAGE);
            }
        }
        return new SoakOptions(cycles, faults, trafficSeconds, catchUpSeconds, pipeline);
    }

    private static String labels(Fault.Needs needs) {
        return Arrays.stream(Fault.values()).filter(fault -> fault.needs() == needs).map(Fault::label)
                .collect(Collectors.joining(", "));
    }

    /** The fault of each cycle: the faults in an order shuffled by the seed, round after round. */
    Fault faultOf(int cycle) {
        List<Fault> order = new ArrayList<>(faults);
        Collections.shuffle(order, new Random(pipeline.seed()));
        return order.get((cycle - 1) % order.size());
    }
}
