package dev.cdcflow.s3.layout;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders of an object key between the prefix and the file name, e.g. {@code ${topic}/event_date=${date}},
 * parsed once and filled in per record from its topic, partition and record time.
 */
public final class PathFormat {

    public static final String DEFAULT = "${topic}/event_date=${date}";
    public static final String PLACEHOLDERS = "${topic}, ${partition}, ${date} (yyyy-MM-dd), ${year}, ${month}, "
            + "${day}, ${hour} (two digits)";
    private static final Set<String> NAMES = Set.of("topic", "partition", "date", "year", "month", "day", "hour");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final long HOUR_MS = 60 * 60 * 1000L;

    /** Literal text and placeholder names, alternating: even indexes are text, odd ones names. */
    private final List<String> parts;
    private final ZoneId zone;
    private final boolean usesTime;
    /** The zone's offset when it never changes (UTC, say), else null. */
    private final Long fixedOffsetMs;

    private PathFormat(List<String> parts, ZoneId zone) {
        this.parts = parts;
        this.zone = zone;
        boolean time = false;
        for (int i = 1; i < parts.size(); i += 2) {
            time |= !parts.get(i).equals("topic") && !parts.get(i).equals("partition");
        }
        this.usesTime = time;
        this.fixedOffsetMs = zone.getRules().isFixedOffset()
                ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : null;
    }

    /** @throws IllegalArgumentException naming what is wrong with the format */
    public static PathFormat parse(String format, ZoneId zone) {
        if (format.startsWith("/") || format.endsWith("/") || format.contains("//")) {
            throw new IllegalArgumentException("Write the path without leading, trailing or double '/'");
        }
        List<String> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(format);
        int end = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown placeholder ${" + name + "}; use " + PLACEHOLDERS);
            }
            parts.add(format.substring(end, matcher.start()));
            parts.add(name);
            end = matcher.end();
        }
        String rest = format.substring(end);
        if (rest.contains("${")) {
            throw new IllegalArgumentException("Unclosed placeholder in '" + format + "'");
        }
        parts.add(rest);
        return new PathFormat(List.copyOf(parts), zone);
    }

    /** Whether the path depends on the record time (else every record of a partition shares one path). */
    public boolean usesTime() {
        return usesTime;
    }

    /**
     * The local hour of a record time: no placeholder is finer than an hour, so records of one bucket share a path
     * and callers may reuse a rendered one. Far cheaper than rendering.
     */
    public long bucketOf(long timestampMs) {
        if (!usesTime) {
            return 0;
        }
        long offsetMs = fixedOffsetMs != null ? fixedOffsetMs
                : zone.getRules().getOffset(Instant.ofEpochMilli(timestampMs)).getTotalSeconds() * 1000L;
        return Math.floorDiv(timestampMs + offsetMs, HOUR_MS);
    }

    public String render(String topic, int partition, long timestampMs) {
        ZonedDateTime time = usesTime ? Instant.ofEpochMilli(timestampMs).atZone(zone) : null;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                path.append(part);
                continue;
            }
            switch (part) {
                case "topic" -> path.append(topic);
                case "partition" -> path.append(partition);
                case "date" -> path.append(String.format("%04d-%02d-%02d", time.getYear(), time.getMonthValue(),
                        time.getDayOfMonth()));
                case "year" -> path.append(String.format("%04d", time.getYear()));
                case "month" -> path.append(String.format("%02d", time.getMonthValue()));
                case "day" -> path.append(String.format("%02d", time.getDayOfMonth()));
                case "hour" -> path.append(String.format("%02d", time.getHour()));
                default -> throw new IllegalStateException(part);
            }
        }
        return path.toString();
    }
}
