package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A quiet topic's last records reach S3 within flush.idle.ms and the sink's lag gets to zero; and the idle cut,
 * the one rule that depends on the wall clock, survives replays: the task restarted right after idle closes, and a
 * replay of everything from offset 0 (the farthest back a crash can send a partition) cut where the first attempt did,
 * rewriting the same bytes under the same keys, every offset in exactly one object.
 */
@LocalStackTest
class IdleCloseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "quiet.events";
    private static final String CONNECTOR = "quiet-sink";
    private static final String KEY = "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":%d}";
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"quiet.Value\","
            + "\"optional\":false,\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]},"
            + "\"payload\":{\"id\":%d}}";

    @Test
    void aQuietPartitionClosesItsFilesAndEveryReplayCutsThereAgain(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.s3().createBucket(S3Objects.BUCKET);
        stack.kafka().createTopic(TOPIC, 2);
        SinkRegistration.register(stack, CONNECTOR, TOPIC, Map.of("prefix", "quiet", "envelope", "true",
                "flush.records", "100000", "flush.idle.ms", "1500", "path.format", "${topic}"));
        try {
            long next = 0;
            for (int pause = 0; pause < 4; pause++) {
                next = produce(stack, next, 20 + pause * 7);
                if (pause % 2 == 1) {
                    // Restarted around the idle close (before or after its upload and commit, as it falls), with
                    // more records at once: the replay from the committed offset must not run past the cut into
                    // the next object.
                    Await.sleep(Duration.ofMillis(1_700));
                    rest.restart(CONNECTOR);
                    next = produce(stack, next, 9);
                }
                // Nothing but idleness closes these files: the lag gets to zero.
                RawZoneAudit.awaitCommitted(stack, CONNECTOR, RawZoneAudit.ends(stack, TOPIC));
            }
            Map<TopicPartition, Long> ends = RawZoneAudit.ends(stack, TOPIC);
            assertThat(RawZoneAudit.recordCounts(stack, "quiet/")).isEqualTo(RawZoneAudit.once(ends));
            Map<String, String> digests = RawZoneAudit.digests(stack, "quiet/");
            assertThat(S3Objects.keys(stack, "quiet/")).hasSizeGreaterThan(8);
            assertThat(digests.keySet()).anyMatch(key -> key.startsWith("quiet/_cdcflow/idle-cuts/"));

            // Everything again from offset 0, all records there at once: the cuts come from S3, not from pauses.
            rest.stopConnector(CONNECTOR);
            rest.awaitState(CONNECTOR, "STOPPED", 0, TIMEOUT);
            rest.resetOffsets(CONNECTOR);
            rest.resume(CONNECTOR);
            Await.until("the replay committed", TIMEOUT,
                    () -> RawZoneAudit.committed(stack, CONNECTOR).equals(ends));
            assertThat(RawZoneAudit.digests(stack, "quiet/")).isEqualTo(digests);
            assertThat(RawZoneAudit.recordCounts(stack, "quiet/")).isEqualTo(RawZoneAudit.once(ends));
        } finally {
            rest.deleteConnector(CONNECTOR);
        }
    }

    /** {@code count} records with ids from {@code first} on, spread over both partitions; returns the next id. */
    private static long produce(LocalStack stack, long first, int count) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            records.add(new ProducerRecord<>(TOPIC, (int) (id % 2), String.format(KEY, id), String.format(VALUE, id)));
        }
        stack.kafka().send(records);
        return first + count;
    }
}
