package dev.cdcflow.connectinit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code connect-init}: brings PostgreSQL up to date ({@link PostgresMigrations}), then fills connector templates
 * from the environment and registers them with a Connect worker, idempotently. The Compose stack runs it once
 * Connect and the databases are up; running it again changes only what changed.
 * Every template is rendered before the worker is touched, so a missing variable registers nothing.
 */
public final class ConnectInit {

    static final String USAGE = """
            Usage: connect-init [--postgres-migrations DIR] [--connect-url URL] [--timeout-seconds N]
                                [TEMPLATE_OR_FOLDER ...]
              Fills ${VAR} and ${VAR:-default} in connector templates (*.template.json) from the environment and
              creates or updates each connector with PUT /connectors/{name}/config; unchanged connectors are left alone.
              --postgres-migrations  first bring PostgreSQL up to date with the Flyway migrations in DIR (sql/postgres),
                                 as $POSTGRES_USER on $POSTGRES_HOST:$POSTGRES_PORT/$POSTGRES_DB
              --connect-url      the worker's REST address (default: $CONNECT_URL, else http://localhost:8083)
              --timeout-seconds  how long to wait for a worker that is starting or rebalancing (default: 300)
              Templates default to the folder ./connectors; a folder's templates go in name order.
            """;

    private ConnectInit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns the exit code (0 when every connector is registered). */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            Options options = Options.parse(args, environment);
            List<ConnectorDefinition> connectors = render(options.templates(), environment);
            if (options.postgresMigrations() != null) {
                out.println("PostgreSQL: " + PostgresMigrations.migrate(options.postgresMigrations(), environment)
                        + " migrations applied");
            }
            ConnectorRegistrar registrar = new ConnectorRegistrar(options.connectUrl(), options.timeout());
            out.println("Waiting for the Connect worker at " + options.connectUrl());
            registrar.awaitReady();
            for (ConnectorDefinition connector : connectors) {
                // The outcome only: configs hold passwords.
                out.println(connector.name() + ": " + registrar.register(connector).name().toLowerCase(Locale.ROOT));
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | RegistrationException | UncheckedIOException e) {
            err.println("connect-init: " + e.getMessage());
            return 1;
        }
    }

    /** Every template, rendered with {@code variables}, in the order given (a folder's in name order). */
    public static List<ConnectorDefinition> render(List<Path> templatesOrFolders, Map<String, String> variables) {
        List<ConnectorDefinition> connectors = new ArrayList<>();
        for (Path template : templateFiles(templatesOrFolders)) {
            connectors.add(ConnectorTemplate.load(template).render(variables));
        }
        return connectors;
    }

    private static List<Path> templateFiles(List<Path> templatesOrFolders) {
        List<Path> files = new ArrayList<>();
        for (Path path : templatesOrFolders) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (Stream<Path> listing = Files.list(path)) {
                listing.filter(file -> file.getFileName().toString().endsWith(".template.json")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list connector templates in " + path, e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No connector templates in " + templatesOrFolders);
        }
        return files;
    }

    record Options(URI connectUrl, Duration timeout, List<Path> templates, Path postgresMigrations) {

        static Options parse(String[] args, Map<String, String> environment) {
            String connectUrl = environment.getOrDefault("CONNECT_URL", "http://localhost:8083");
            long timeoutSeconds = 300;
            Path postgresMigrations = null;
            List<Path> templates = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--connect-url" -> connectUrl = value(args, ++i);
                    case "--timeout-seconds" -> timeoutSeconds = parseSeconds(value(args, ++i));
                    case "--postgres-migrations" -> postgresMigrations = Path.of(value(args, ++i));
                    case "-h", "--help" -> throw new IllegalArgumentException("\n" + USAGE);
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                        }
                        templates.add(Path.of(args[i]));
                    }
                }
            }
            if (templates.isEmpty()) {
                templates.add(Path.of("connectors"));
            }
            return new Options(URI.create(connectUrl), Duration.ofSeconds(timeoutSeconds), templates,
                    postgresMigrations);
        }

        private static String value(String[] args, int index) {
            if (index >= args.length) {
                throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + USAGE);
            }
            return args[index];
        }

        private static long parseSeconds(String text) {
            try {
                long seconds = Long.parseLong(text);
                if (seconds > 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--timeout-seconds must be a positive whole number, not " + text);
        }
    }
}
