package dev.cdcflow.pipeline;

import java.time.Duration;
import java.util.Locale;

/** Renders a {@link PipelineStatus.Snapshot} as the text block the main command prints every few seconds. */
public final class StatusScreen {

    private StatusScreen() {
    }

    public static String render(PipelineStatus.Snapshot snapshot, Duration uptime) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "cdcflow storefront pipeline, running %s (Ctrl-C stops it)%n%n",
                clock(uptime)));
        text.append(String.format(Locale.ROOT, "%-24s %-16s %s%n", "connector", "state", "tasks"));
        for (PipelineStatus.ConnectorState connector : snapshot.connectors()) {
            text.append(String.format(Locale.ROOT, "%-24s %-16s %s%n", connector.name(), connector.state(),
                    connector.tasks().isEmpty() ? "-" : String.join(" ", connector.tasks())));
        }
        text.append(String.format(Locale.ROOT, "%n%-14s %12s %18s %16s %10s%n", "table", "postgres",
                "clickhouse FINAL", "iceberg changes", "snapshots"));
        for (PipelineStatus.TableRows table : snapshot.tables()) {
            text.append(String.format(Locale.ROOT, "%-14s %12s %18s %16s %10s%n", table.table(),
                    count(table.postgres()), count(table.clickHouse()), count(table.stageRows()),
                    count(table.stageSnapshots())));
        }
        text.append(String.format(Locale.ROOT, "%nS3 raw objects  %s (%.1f MB) in s3://%s/%s/%n",
                count(snapshot.s3Objects()), snapshot.s3Bytes() / 1e6, StorefrontPipeline.BUCKET,
                StorefrontPipeline.S3_PREFIX));
        snapshot.lag().forEach((sink, lag) -> text.append(String.format(Locale.ROOT,
                "lag %-20s %s records past its committed offsets%n", sink, count(lag))));
        text.append(String.format(Locale.ROOT, "rejected rows   %s%s%n", count(snapshot.rejectedRows()),
                snapshot.lastRejection() == null ? "" : ", newest: " + snapshot.lastRejection()));
        return text.toString();
    }

    /** A count, or a dash while its table, bucket or group does not exist yet. */
    private static String count(long value) {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String clock(Duration uptime) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", uptime.toHours(), uptime.toMinutesPart(),
                uptime.toSecondsPart());
    }
}
