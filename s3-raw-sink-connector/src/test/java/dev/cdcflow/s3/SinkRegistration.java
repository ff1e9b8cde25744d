package dev.cdcflow.s3;

import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Registers the S3 sink on the local stack from its REST template, as users do, with a test's own settings. */
final class SinkRegistration {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private SinkRegistration() {
    }

    /**
     * As {@link #register}, placing records by their 'ts' field and closing files by count only (no span), with
     * {@code overrides} on top.
     */
    static void registerOnFieldTime(LocalStack stack, String name, String topic, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("timestamp.field", "ts", "flush.span.ms", "0"));
        settings.putAll(overrides);
        register(stack, name, topic, settings);
    }

    /** Registers {@code name} for the one topic {@code topic} and waits until its task runs. */
    static void register(LocalStack stack, String name, String topic, Map<String, String> settings) {
        stack.connect().rest().putConnector(stack.render(LocalStack.template("s3-raw-sink"), Map.of(
                "S3_SINK_NAME", name, "S3_SINK_TOPICS_REGEX", topic.replace(".", "\\."))).with(settings));
        stack.connect().rest().awaitRunning(name, 1, TIMEOUT);
    }
}
