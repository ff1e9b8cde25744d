package dev.cdcflow.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bisection finds every kind of difference, and only reads rows where one is: equal tables cost one digest per
 * side, a few differences a few digests per level and the rows of the small ranges around them.
 */
class RangeComparisonTest {

    private static final int ROWS = 60_000;

    private final MemorySide source = new MemorySide();
    private final MemorySide copy = new MemorySide();

    private void fill(MemorySide side) {
        for (long id = 1; id <= ROWS; id++) {
            side.rows.put(id * 3, List.of(Long.toString(id * 3), "customer " + id, id % 7 == 0 ? "\\N" : "Paris"));
        }
    }

    private RangeComparison.Result compare() {
        return new RangeComparison(source, copy, 16, 1000).compare();
    }

    @Test
    void equalTablesCostOneDigestPerSide() {
        fill(source);
        fill(copy);

        RangeComparison.Result result = compare();

        assertThat(result.equal()).isTrue();
        assertThat(result.digestQueries()).isEqualTo(2);
        assertThat(result.rowsRead()).isZero();
    }

    @Test
    void aChangedValueAMissingRowAnExtraRowAndADeletedRowAreEachFoundAndNamed() {
        fill(source);
        fill(copy);
        copy.rows.put(3000L, List.of("3000", "customer 1000", "Lyon"));
        copy.rows.remove(90_000L);
        copy.rows.put(90_001L, List.of("90001", "never in the source", "Oslo"));
        source.rows.remove(150_000L);

        RangeComparison.Result result = compare();

        assertThat(result.differences()).extracting(KeyDifference::key, KeyDifference::kind).containsExactly(
                tuple(3000L, KeyDifference.Kind.CHANGED),
                tuple(90_000L, KeyDifference.Kind.MISSING),
                tuple(90_001L, KeyDifference.Kind.EXTRA),
                tuple(150_000L, KeyDifference.Kind.EXTRA));
        assertThat(result.differences().get(0).source()).containsExactly("3000", "customer 1000", "Paris");
        assertThat(result.differences().get(0).copy()).containsExactly("3000", "customer 1000", "Lyon");
        // Three places differ (two neighbours share a range): a few ranges of at most 1,000 rows a side are read.
        assertThat(result.rowsRead()).isLessThan(4 * 2 * 1000);
        assertThat(result.digestQueries()).isLessThan(3 * 4 * 16 * 2);
    }

    @Test
    void anEmptySideMakesEveryRowOfTheOtherADifference() {
        for (long id = 1; id <= 50; id++) {
            source.rows.put(id, List.of(Long.toString(id)));
        }

        RangeComparison.Result result = compare();

        assertThat(result.differences()).hasSize(50).allMatch(difference ->
                difference.kind() == KeyDifference.Kind.MISSING);
        assertThat(new RangeComparison(new MemorySide(), new MemorySide(), 16, 1000).compare().equal()).isTrue();
    }

    @Test
    void rowsBeyondTheOtherSidesKeysAreFound() {
        fill(source);
        fill(copy);
        copy.rows.put(-7L, List.of("-7", "before every source key", "Rome"));
        copy.rows.put(10_000_000L, List.of("10000000", "after every source key", "Rome"));

        assertThat(compare().differences()).extracting(KeyDifference::key).containsExactly(-7L, 10_000_000L);
    }
}
