package dev.cdcflow.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PathFormatTest {

    /** 2026-01-01T23:30:00Z. */
    private static final long LATE_EVENING = 1_767_310_200_000L;

    @Test
    void fillsTopicPartitionAndTheRecordTime() {
        assertThat(PathFormat.parse(PathFormat.DEFAULT, ZoneId.of("UTC")).render("shop.orders", 3, LATE_EVENING))
                .isEqualTo("shop.orders/event_date=2026-01-01");
        assertThat(PathFormat.parse("${topic}/p${partition}/${year}/${month}/${day}/${hour}", ZoneId.of("UTC"))
                .render("t", 3, LATE_EVENING)).isEqualTo("t/p3/2026/01/01/23");
    }

    @Test
    void datesFollowTheConfiguredZone() {
        assertThat(PathFormat.parse("${date}/${hour}", ZoneId.of("Europe/Berlin")).render("t", 0, LATE_EVENING))
                .isEqualTo("2026-01-02/00");
    }

    @Test
    void knowsWhetherItNeedsTheRecordTime() {
        assertThat(PathFormat.parse("${topic}/${partition}", ZoneId.of("UTC")).usesTime()).isFalse();
        assertThat(PathFormat.parse(PathFormat.DEFAULT, ZoneId.of("UTC")).usesTime()).isTrue();
    }

    @Test
    void recordsOfOneBucketShareAPathWhateverTheZone() {
        for (String zone : new String[] {"UTC", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Berlin"}) {
            PathFormat format = PathFormat.parse("${date}/${hour}", ZoneId.of(zone));
            for (long ms = LATE_EVENING - 7_200_000L; ms < LATE_EVENING + 7_200_000L; ms += 60_000L) {
                boolean sameBucket = format.bucketOf(ms) == format.bucketOf(ms + 60_000L);
                boolean samePath = format.render("t", 0, ms).equals(format.render("t", 0, ms + 60_000L));
                assertThat(sameBucket).as(zone + " at " + ms).isEqualTo(samePath);
            }
        }
        assertThat(PathFormat.parse("${topic}", ZoneId.of("UTC")).bucketOf(LATE_EVENING)).isZero();
    }

    @Test
    void refusesUnknownPlaceholdersAndStraySlashes() {
        assertThatThrownBy(() -> PathFormat.parse("${topic}/${minute}", ZoneId.of("UTC")))
                .hasMessageContaining("${minute}");
        assertThatThrownBy(() -> PathFormat.parse("/${topic}", ZoneId.of("UTC"))).hasMessageContaining("'/'");
        assertThatThrownBy(() -> PathFormat.parse("${topic", ZoneId.of("UTC"))).hasMessageContaining("Unclosed");
    }

    @Test
    void keysEndWithTopicPartitionAndTheFirstOffsetPadded() {
        assertThat(new ObjectKeys("raw", ".avro").key("t/event_date=2026-01-01", "t", 2, 42))
                .isEqualTo("raw/t/event_date=2026-01-01/t+2+00000000000000000042.avro");
        assertThat(new ObjectKeys("", ".parquet").key("", "t", 0, 0)).isEqualTo("t+0+00000000000000000000.parquet");
    }
}
