package dev.cdcflow.pipeline.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/** A job's status as the batch command prints it: a table with a progress bar, or JSON for scripts. */
final class JobStatusView {

    private static final int BAR_WIDTH = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobStatusView() {
    }

    static String table(JobStatus status) {
        StringBuilder text = new StringBuilder();
        line(text, "JOB", status.jobId());
        line(text, "MODEL", status.modelId());
        line(text, "STATE", status.state().name());
        if (status.reason() != null) {
            line(text, "REASON", status.reason());
        }
        line(text, "TOTAL", status.total() == null ? "(not read yet)" : Long.toString(status.total()));
        line(text, "OK", Long.toString(status.ok()));
        line(text, "ERRORS", Long.toString(status.errors()));
        line(text, "PROGRESS", bar(status.progress()));
        line(text, "WAITING", seconds(status.waiting()));
        line(text, "PROCESSING", seconds(status.processing()));
        return text.toString();
    }

    static String json(JobStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("job_id", status.jobId());
        node.put("model_id", status.modelId());
        node.put("state", status.state().name());
        if (status.total() == null) {
            node.putNull("total");
        } else {
            node.put("total", status.total());
        }
        node.put("ok", status.ok());
        node.put("errors", status.errors());
        node.put("reason", status.reason());
        node.put("waiting_seconds", status.waiting() == null ? null : status.waiting().toMillis() / 1000.0);
        node.put("processing_seconds", status.processing() == null ? null : status.processing().toMillis() / 1000.0);
        return node.toString();
    }

    static String bar(double progress) {
        int filled = (int) Math.round(progress * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d %%", Math.round(progress * 100));
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
