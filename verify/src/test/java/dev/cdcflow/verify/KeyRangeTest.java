package dev.cdcflow.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTest {

    @Test
    void partsCoverTheRangeExactlyWithoutOverlap() {
        for (long width : new long[] {2, 3, 7, 16, 1000, 1_000_003}) {
            for (int parts : new int[] {2, 3, 16}) {
                KeyRange range = new KeyRange(-5, -5 + width);
                List<KeyRange> split = range.split(parts);
                assertThat(split).hasSizeLessThanOrEqualTo(parts);
                assertThat(split.get(0).from()).isEqualTo(range.from());
                assertThat(split.get(split.size() - 1).to()).isEqualTo(range.to());
                for (int i = 1; i < split.size(); i++) {
                    assertThat(split.get(i).from()).isEqualTo(split.get(i - 1).to());
                }
                long widest = split.stream().mapToLong(KeyRange::width).max().orElseThrow();
                long narrowest = split.stream().mapToLong(KeyRange::width).min().orElseThrow();
                assertThat(widest - narrowest).as("%s in %d parts", range, parts).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aRangeNarrowerThanItsPartsIsCutIntoSingleKeys() {
        assertThat(new KeyRange(10, 13).split(16)).containsExactly(new KeyRange(10, 11), new KeyRange(11, 12),
                new KeyRange(12, 13));
    }

    @Test
    void anEmptyRangeIsRefused() {
        assertThatThrownBy(() -> new KeyRange(5, 5)).hasMessageContaining("empty key range");
    }
}
