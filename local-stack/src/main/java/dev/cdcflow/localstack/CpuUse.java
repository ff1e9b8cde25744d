package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU seconds this JVM spent between two points, per group of threads, so a benchmark can say where the cores went
 * (the broker, the worker and the S3 server run in the benchmark's JVM; PostgreSQL's and ClickHouse's processes,
 * children of the JVM, count by their process names). Read from Linux's /proc, which unlike the JVM's own
 * thread beans also counts the garbage collector's and the JIT compiler's threads.
 */
public final class CpuUse {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100;

    private final List<ProcessHandle> alsoCounted;
    private final Map<String, Long> startTicks = ticksByThread();
    private final Map<String, Long> startChildTicks;
    private final long startProcessTicks = processTicks();

    /**
     * Counts from now: this JVM's threads, the processes below it, and {@code alsoCounted} with the processes below
     * them (servers that detach from the JVM, such as PostgreSQL's postmaster).
     */
    public CpuUse(ProcessHandle... alsoCounted) {
        this.alsoCounted = List.of(alsoCounted);
        this.startChildTicks = ticksByChildProcess();
    }

    /** What was used between two points: core-seconds in all, and per group of the threads still alive. */
    public record Usage(double coreSeconds, double wallSeconds, Map<String, Double> byGroup) {

        /** "12.1 core-s in 7.0 s (87 % of 2 cores); task-thread 3.1, …" with the largest groups. */
        public String describe(int groups) {
            return String.format("%.1f core-s in %.1f s (%.0f %% of %d cores); ", coreSeconds, wallSeconds,
                    100 * coreSeconds / wallSeconds / cores(), cores())
                    + byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(groups).map(entry -> String.format("%s %.1f", entry.getKey(), entry.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * Used since this was made; the total counts the JVM's threads that ended too, the groups only threads and child
     * processes still alive.
     */
    public Usage since(double wallSeconds) {
        Map<String, Double> byGroup = new HashMap<>();
        ticksByThread().forEach((thread, ticks) -> byGroup.merge(group(thread.substring(thread.indexOf(' ') + 1)),
                (ticks - startTicks.getOrDefault(thread, 0L)) / TICKS_PER_SECOND, Double::sum));
        double children = 0;
        for (Map.Entry<String, Long> child : ticksByChildProcess().entrySet()) {
            double used = (child.getValue() - startChildTicks.getOrDefault(child.getKey(), 0L)) / TICKS_PER_SECOND;
            byGroup.merge(group(child.getKey().substring(child.getKey().indexOf(' ') + 1)), used, Double::sum);
            children += used;
        }
        return new Usage((processTicks() - startProcessTicks) / TICKS_PER_SECOND + children, wallSeconds, byGroup);
    }

    /** Thread groups as the kernel names them (15 characters at most), numbers taken out. */
    private static String group(String threadName) {
        return threadName.replaceAll("\\d+", "N").replaceAll("N(-N)+", "N");
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** "tid name" → user + system clock ticks, for every thread alive now. */
    private static Map<String, Long> ticksByThread() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> threads = Files.list(TASKS)) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    ticks.put(thread.getFileName() + " " + nameOf(stat), ticksOf(stat));
                } catch (IOException ended) {
                    // The thread ended while we looked.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TASKS + " (the benchmark's CPU figures need Linux)", e);
        }
        return ticks;
    }

    /**
     * "pid name" → user + system clock ticks, for every process below this JVM (servers it started) and every
     * process counted besides, alive now.
     */
    private Map<String, Long> ticksByChildProcess() {
        Map<String, Long> ticks = new HashMap<>();
        Stream<ProcessHandle> counted = Stream.concat(ProcessHandle.current().descendants(),
                alsoCounted.stream().flatMap(process -> Stream.concat(Stream.of(process), process.descendants())));
        counted.forEach(process -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                ticks.put(process.pid() + " " + nameOf(stat), ticksOf(stat));
            } catch (IOException ended) {
                // The process ended while we looked.
            }
        });
        return ticks;
    }

    /** The process's user + system ticks, threads that ended included. */
    private static long processTicks() {
        try {
            return ticksOf(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/self/stat (the benchmark's CPU figures need Linux)", e);
        }
    }

    /** The name in a stat line sits in parentheses and may hold spaces; the counters follow it. */
    private static String nameOf(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime, fields 14 and 15 of a stat line. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
