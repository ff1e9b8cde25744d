package dev.cdcflow.pipeline.batch;

import dev.cdcflow.batchmodel.Model;
import dev.cdcflow.batchmodel.ModelJson;
import dev.cdcflow.localstack.JvmExit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The batch command (scripts/batch.sh): models and CSV jobs for the batch upload source, and the jobs' status and
 * rejected rows. Exit codes: 0 done, 1 the job failed or is unknown (status), 2 a usage or settings error.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Batch upload jobs: models, CSV jobs, their status and rejected rows (docs/batch.md).",
        subcommands = {BatchCommand.ModelCommands.class, BatchCommand.JobCommands.class})
public final class BatchCommand {

    /** The settings given (tests), or null: the environment's, else the running stack's. */
    private final BatchSettings settings;

    private BatchCommand(BatchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        // The main command's log config: only problems, on standard error, so that output stays parseable.
        System.setProperty("log4j2.configurationFile", "cdcflow-log4j2.xml");
        JvmExit.exit(run(args, null, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with these settings (null: find them) and returns its exit code. */
    public static int run(String[] args, BatchSettings settings, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new BatchCommand(settings)).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println(e instanceof IllegalArgumentException || e instanceof IOException
                            ? e.getMessage() : e.toString());
                    return 2;
                });
        return line.execute(args);
    }

    BatchJobs jobs() {
        BatchSettings chosen = settings != null ? settings : BatchSettings.fromEnvironment(System.getenv());
        if (chosen == null) {
            chosen = RunningStack.find();
        }
        if (chosen == null) {
            throw new IllegalArgumentException("No settings: start the main command (scripts/run-pipeline.sh), or "
                    + "set " + BatchSettings.ENDPOINT + " and the other BATCH_* variables (docs/batch.md), or run "
                    + "beside a Compose .env");
        }
        return new BatchJobs(chosen);
    }

    @Command(name = "model", description = "Models: a name and typed columns.", subcommands = ModelCreate.class)
    static final class ModelCommands {
        @CommandLine.ParentCommand BatchCommand root;
    }

    @Command(name = "create", description = "Creates a model and prints it as JSON, with its id.")
    static final class ModelCreate implements Callable<Integer> {
        @CommandLine.ParentCommand ModelCommands parent;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FILE", description = "JSON: {\"column\": \"ClickHouse type\", …}")
        Path file;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (BatchJobs jobs = parent.root.jobs()) {
                Model model = jobs.createModel(name, Files.readString(file));
                spec.commandLine().getOut().println(ModelJson.write(model));
                return 0;
            }
        }
    }

    @Command(name = "job", description = "Jobs: a CSV file of a model.",
            subcommands = {JobCreate.class, JobStatusCommand.class, JobRejected.class})
    static final class JobCommands {
        @CommandLine.ParentCommand BatchCommand root;
    }

    @Command(name = "create", description = "Uploads a CSV file as a job of a model.")
    static final class JobCreate implements Callable<Integer> {
        @CommandLine.ParentCommand JobCommands parent;
        @Parameters(index = "0", paramLabel = "MODEL_ID") String modelId;
        @Parameters(index = "1", paramLabel = "FILE") Path file;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (BatchJobs jobs = parent.root.jobs()) {
                spec.commandLine().getOut().println("job " + jobs.createJob(modelId, file) + " created.");
                return 0;
            }
        }
    }

    @Command(name = "status", description = "A job's state, counts and times; with --watch until it ends.")
    static final class JobStatusCommand implements Callable<Integer> {
        @CommandLine.ParentCommand JobCommands parent;
        private static final long WATCH_INTERVAL_MS = 1_000;
        private static final String CLEAR_SCREEN = "\033[H\033[2J";

        @Parameters(index = "0", paramLabel = "JOB_ID") String jobId;
        @Option(names = "--json", description = "One JSON object: job_id, state, total, ok, errors, …") boolean json;
        @Option(names = "--watch", description = "Redraw every second until the job reaches a final state")
        boolean watch;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try (BatchJobs jobs = parent.root.jobs()) {
                while (true) {
                    JobStatus status = jobs.status(jobId);
                    if (status == null) {
                        spec.commandLine().getErr().println("No job '" + jobId + "'");
                        return 1;
                    }
                    // On a terminal the table redraws in place: a live progress bar.
                    out.print(watch && !json && System.console() != null ? CLEAR_SCREEN : "");
                    out.println(json ? JobStatusView.json(status) : JobStatusView.table(status));
                    if (!watch || status.state().isFinal()) {
                        return status.state() == JobStatus.State.FAILED ? 1 : 0;
                    }
                    Thread.sleep(WATCH_INTERVAL_MS);
                }
            }
        }
    }

    @Command(name = "rejected", description = "A job's rejected rows as CSV: " + BatchJobs.REJECTED_HEADER)
    static final class JobRejected implements Callable<Integer> {
        @CommandLine.ParentCommand JobCommands parent;
        @Parameters(index = "0", paramLabel = "JOB_ID") String jobId;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (BatchJobs jobs = parent.root.jobs()) {
                jobs.rejected(jobId).forEach(spec.commandLine().getOut()::println);
                return 0;
            }
        }
    }
}
