package dev.cdcflow.batchmodel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where models and uploads are in the bucket, under an optional prefix: {@code models/<model_id>.json} and
 * {@code jobs/<model_id>/<job_id>.csv}. An upload is a job: its key says the model and the job id.
 */
public final class UploadLayout {

    /** A job's file, as the key of its upload tells it. */
    public record JobFile(String key, String modelId, String jobId) {
    }

    private static final Pattern JOB = Pattern.compile("jobs/([a-z][a-z0-9_]*)/([A-Za-z0-9][A-Za-z0-9_.-]*)\\.csv");

    private final String prefix;

    public UploadLayout(String prefix) {
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? nullToEmpty(prefix) : prefix + "/";
    }

    public String modelKey(String modelId) {
        return prefix + "models/" + modelId + ".json";
    }

    public String modelsPrefix() {
        return prefix + "models/";
    }

    public String jobsPrefix() {
        return prefix + "jobs/";
    }

    public String jobKey(String modelId, String jobId) {
        return prefix + "jobs/" + modelId + "/" + jobId + ".csv";
    }

    /** The job an upload's key names, or null when the key is not a job's (another file in the folder). */
    public JobFile job(String key) {
        if (!key.startsWith(prefix)) {
            return null;
        }
        Matcher matcher = JOB.matcher(key.substring(prefix.length()));
        return matcher.matches() ? new JobFile(key, matcher.group(1), matcher.group(2)) : null;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
