package dev.cdcflow.s3;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.S3Server;
import dev.cdcflow.s3.format.ObjectWriters;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import dev.cdcflow.s3.stage.SpillSpace;
import dev.cdcflow.s3.write.S3SinkMetrics;
import dev.cdcflow.s3.write.S3Writer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's writer and what it needs, as S3RawSinkTask makes them, for tests that drive the writer record by record
 * (two writers of one partition, records an SMT changed) against the stack's S3 server.
 */
final class TaskWriter implements AutoCloseable {
    private final S3Store store;
    final S3Writer writer;

    TaskWriter(S3SinkConfig config, String name) {
        MemoryBudget budget = new MemoryBudget(config.bufferMaxBytes(), ObjectWriters.LARGEST_WRITE);
        store = S3Store.create(config);
        writer = new S3Writer(config, store, new ObjectWriters(config, store, budget,
                new SpillSpace(config.spillDir(), name, config.spillMaxBytes())), budget, new S3SinkMetrics());
    }

    /** The settings that reach the stack's S3 server and bucket, under {@code prefix}. */
    static Map<String, String> settings(LocalStack stack, String prefix) {
        Map<String, String> config = new HashMap<>();
        config.put("s3.bucket", S3Objects.BUCKET);
        config.put("s3.endpoint", stack.s3().endpoint().toString());
        config.put("s3.path.style.access", "true");
        config.put("s3.access.key.id", S3Server.ACCESS_KEY);
        config.put("s3.secret.access.key", S3Server.SECRET_KEY);
        config.put("prefix", prefix);
        return config;
    }

    void awaitUploads() {
        Await.until("the uploads", Duration.ofSeconds(30), () -> {
            writer.collectUploads();
            return !writer.uploading();
        });
    }

    @Override
    public void close() {
        writer.close();
        store.close();
    }
}
