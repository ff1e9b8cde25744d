package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Compose stack's {@code minio/init.sh} against the local S3 server: the same script, with a stand-in
 * {@code mc} that records what it is asked to do, so the local stack gets the buckets, the users and the policies
 * MinIO gets in Compose, and its S3 server refuses what MinIO would refuse.
 */
public final class MinioInit {

    /** The script, relative to the repository root. */
    public static final Path SCRIPT = Path.of("minio", "init.sh");
    /** The users the script makes, named as in .env.example: the S3 raw sink's, the Iceberg stage's, the reader's. */
    public static final String S3_SINK_USER = "cdcflow-sink";
    public static final String ICEBERG_S3_USER = "cdcflow-iceberg";
    public static final String LAKEHOUSE_READER = "cdcflow-lakehouse-reader";
    /** The reader's secret here (no template names it: people and query engines use it). */
    public static final String LAKEHOUSE_READER_SECRET = "cdcflow-lakehouse-reader-secret";
    /** The batch upload source's user (reads uploads), and the batch command's (writes them), with its secret. */
    public static final String BATCH_S3_USER = "cdcflow-batch";
    public static final String BATCH_UPLOADER = "cdcflow-batch-uploader";
    public static final String BATCH_UPLOADER_SECRET = "cdcflow-batch-uploader-secret";
    private static final String STAND_IN_MC = "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$MC_CALLS\"\n";

    private MinioInit() {
    }

    /**
     * What Compose gives minio-init with .env.example's buckets, prefix, warehouse and users, and the secrets the
     * worker resolves the templates' {@code ${env:…}} with ({@link StackSecrets}); the root account is not used.
     */
    public static Map<String, String> composeDefaults() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MINIO_ROOT_USER", "unused");
        environment.put("MINIO_ROOT_PASSWORD", "unused");
        environment.put("S3_BUCKET", "raw");
        environment.put("S3_PREFIX", "cdc");
        environment.put("S3_ACCESS_KEY", S3_SINK_USER);
        environment.put("S3_SECRET_KEY", StackSecrets.VALUES.get("S3_SECRET_KEY"));
        environment.put("LAKEHOUSE_BUCKET", "lakehouse");
        environment.put("ICEBERG_WAREHOUSE", "s3://lakehouse/stage");
        environment.put("ICEBERG_S3_ACCESS_KEY", ICEBERG_S3_USER);
        environment.put("ICEBERG_S3_SECRET_KEY", StackSecrets.VALUES.get("ICEBERG_S3_SECRET_KEY"));
        environment.put("LAKEHOUSE_READER_ACCESS_KEY", LAKEHOUSE_READER);
        environment.put("LAKEHOUSE_READER_SECRET_KEY", LAKEHOUSE_READER_SECRET);
        environment.put("BATCH_BUCKET", "uploads");
        environment.put("BATCH_S3_PREFIX", "batch");
        environment.put("BATCH_S3_ACCESS_KEY", BATCH_S3_USER);
        environment.put("BATCH_S3_SECRET_KEY", StackSecrets.VALUES.get("BATCH_S3_SECRET_KEY"));
        environment.put("BATCH_UPLOADER_ACCESS_KEY", BATCH_UPLOADER);
        environment.put("BATCH_UPLOADER_SECRET_KEY", BATCH_UPLOADER_SECRET);
        return environment;
    }

    /**
     * Runs the script with {@code environment} (the variables Compose gives minio-init) and sets the server up as it
     * says: buckets made, users added with the policy attached to each.
     */
    public static void run(S3Server server, Map<String, String> environment) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cdcflow-minio-init-");
            Path mc = dir.resolve("mc");
            Files.writeString(mc, STAND_IN_MC);
            Files.setPosixFilePermissions(mc, PosixFilePermissions.fromString("rwx------"));
            Path calls = dir.resolve("calls");
            Files.createFile(calls);
            ProcessBuilder script = new ProcessBuilder("sh", LocalStack.repositoryDir().resolve(SCRIPT).toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("output").toFile());
            script.environment().putAll(environment);
            script.environment().put("PATH", dir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            script.environment().put("POLICY_DIR", dir.toString());
            script.environment().put("MC_CALLS", calls.toString());
            Process process = script.start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " failed: " + Files.readString(dir.resolve("output")));
            }
            apply(server, Files.readAllLines(calls, StandardCharsets.UTF_8), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + SCRIPT, e);
        } finally {
            if (dir != null) {
                WorkDirs.deleteRecursively(dir);
            }
        }
    }

    /** Does what the recorded {@code mc} calls asked; the policies are the files the script wrote. */
    static void apply(S3Server server, List<String> calls, Path policyDir) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, List<String>> attached = new LinkedHashMap<>();
        for (String call : calls) {
            List<String> words = List.of(call.split(" "));
            if (words.get(0).equals("mb")) {
                words.stream().filter(word -> word.startsWith("local/"))
                        .forEach(bucket -> server.createBucket(bucket.substring("local/".length())));
            } else if (call.startsWith("admin user add local ")) {
                secrets.put(words.get(4), words.get(5));
            } else if (call.startsWith("admin policy attach local ")) {
                attached.computeIfAbsent(words.get(words.indexOf("--user") + 1), user -> new ArrayList<>())
                        .add(words.get(4));
            }
        }
        for (Map.Entry<String, String> user : secrets.entrySet()) {
            List<String> policies = attached.getOrDefault(user.getKey(), List.of());
            if (policies.size() > 1) {
                throw new IllegalStateException(SCRIPT + " attaches several policies to " + user.getKey()
                        + "; the local S3 server takes one per user");
            }
            S3Policy policy = policies.isEmpty() ? S3Policy.parse("none", "{\"Statement\": []}")
                    : S3Policy.parse(policies.get(0), Files.readString(policyDir.resolve(policies.get(0) + ".json")));
            server.addUser(user.getKey(), user.getValue(), policy);
        }
    }
}
