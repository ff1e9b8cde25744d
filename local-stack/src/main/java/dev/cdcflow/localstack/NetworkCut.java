package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cuts one process of the stack off from chosen loopback ports, as a network partition would, while everything else
 * on the machine still reaches them. Everything here talks over loopback, so the cut is made on the process, not the
 * address: the process starts inside a control group of its own (cgroup v2), and an iptables rule drops its outgoing
 * TCP packets to the ports. With its packets dropped (SYNs, requests and acknowledgements), the peers' connections
 * stall as over a dead link; nothing is closed, so healing the cut lets them go on.
 *
 * <p>Needs root, a cgroup v2 hierarchy and iptables with its {@code cgroup} match; {@link #unavailableBecause()}
 * says what is missing. Without them processes start as usual and only {@link #cut} refuses.
 */
final class NetworkCut {

    private static final List<Path> CGROUP2_ROOTS = List.of(Path.of("/sys/fs/cgroup/unified"),
            Path.of("/sys/fs/cgroup"));

    /** The control group's name, relative to the cgroup v2 root (iptables' {@code --path}). */
    private final String group;
    private final Path root;

    private NetworkCut(String group, Path root) {
        this.group = group;
        this.root = root;
    }

    /** The cut of the process whose files live in {@code dir}: its group is named after the folder. */
    static NetworkCut of(Path dir) {
        String folder = dir.toAbsolutePath().normalize().toString();
        return new NetworkCut("cdcflow-" + Integer.toHexString(folder.hashCode()), cgroupRoot());
    }

    /** Why cuts cannot be made on this machine, or null when they can. */
    static String unavailableBecause() {
        if (cgroupRoot() == null) {
            return "no writable cgroup v2 hierarchy (looked in " + CGROUP2_ROOTS + "); a network cut needs root";
        }
        try {
            Process probe = new ProcessBuilder("iptables", "-w", "-m", "cgroup", "--help").redirectErrorStream(true)
                    .start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (probe.waitFor() != 0 || !output.contains("--path")) {
                return "iptables has no cgroup match (Debian's iptables package has it)";
            }
        } catch (IOException e) {
            return "no iptables (apt-get install iptables): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    /**
     * The command that starts {@code command} inside this cut's control group (the same process: the shell puts
     * itself in the group and then becomes the command), or the command itself where cuts are unavailable.
     */
    List<String> wrap(List<String> command) {
        if (root == null) {
            return command;
        }
        try {
            Files.createDirectories(root.resolve(group));
        } catch (IOException e) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > '" + root.resolve(group).resolve("cgroup.procs") + "' 2>/dev/null; exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Drops every packet the process sends to these loopback ports (at most 15: one multiport rule), until
     * {@link #heal()}.
     */
    void cut(Collection<Integer> ports) {
        String unavailable = unavailableBecause();
        if (unavailable != null) {
            throw new UnsupportedOperationException("Cannot cut a process off the network: " + unavailable);
        }
        heal();
        run(List.of("iptables", "-w", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "-m", "multiport", "--dports",
                ports.stream().map(String::valueOf).collect(Collectors.joining(",")), "-m", "cgroup", "--path", group,
                "-m", "comment", "--comment", group, "-j", "DROP"));
    }

    /** Takes the cut's rules away (the leftovers of a stack killed during a cut too); a no-op without any. */
    void heal() {
        if (root == null) {
            return;
        }
        try {
            Process list = new ProcessBuilder("iptables", "-w", "-S", "OUTPUT").redirectErrorStream(true).start();
            List<String> rules = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(rule -> rule.contains("--comment " + group)).toList();
            list.waitFor();
            for (String rule : rules) {
                List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
                delete.addAll(List.of(rule.substring("-A ".length()).split(" ")));
                run(delete);
            }
        } catch (IOException e) {
            // No iptables: no rules to take away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Heals the cut and removes its control group, once no process is left in it (best effort). */
    void release() {
        heal();
        if (root != null) {
            try {
                Files.deleteIfExists(root.resolve(group));
            } catch (IOException stillUsed) {
                // A process of the group still runs; the group goes with the machine's next start.
            }
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + command.get(0), e);
        }
    }

    /** The first writable cgroup v2 hierarchy (the unified one of a hybrid layout, or the only one), or null. */
    private static Path cgroupRoot() {
        for (Path candidate : CGROUP2_ROOTS) {
            if (Files.isRegularFile(candidate.resolve("cgroup.procs"))
                    && Files.isRegularFile(candidate.resolve("cgroup.controllers")) && Files.isWritable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
