package dev.cdcflow.clickhouse.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ClickHouse server version, from {@code SELECT version()} (e.g. {@code 18.16.1} or {@code 24.8.4.13}). */
public record ServerVersion(int major, int minor) implements Comparable<ServerVersion> {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+).*");

    public static ServerVersion parse(String text) {
        Matcher matcher = VERSION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a ClickHouse version: '" + text + "'");
        }
        return new ServerVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    public boolean atLeast(int otherMajor, int otherMinor) {
        return compareTo(new ServerVersion(otherMajor, otherMinor)) >= 0;
    }

    @Override
    public int compareTo(ServerVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
