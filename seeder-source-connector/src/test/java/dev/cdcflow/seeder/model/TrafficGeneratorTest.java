package dev.cdcflow.seeder.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    static GeneratorSettings settings(long seed, int task, int tasks) {
        Map<TransactionKind, Double> mix = new EnumMap<>(TransactionKind.class);
        mix.put(TransactionKind.NEW_CUSTOMER, 0.05);
        mix.put(TransactionKind.NEW_ORDER, 0.40);
        mix.put(TransactionKind.ORDER_PROGRESS, 0.35);
        mix.put(TransactionKind.PRICE_CHANGE, 0.05);
        mix.put(TransactionKind.CUSTOMER_UPDATE, 0.08);
        mix.put(TransactionKind.ORDER_PURGE, 0.05);
        mix.put(TransactionKind.CUSTOMER_ERASE, 0.02);
        return new GeneratorSettings(seed, task, tasks, 100, 50, 200, new TrafficMix(mix), 1.1, 0.1, 0.0,
                Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(1));
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        assertThat(describe(new TrafficGenerator(settings(7, 0, 1)), 3000))
                .isEqualTo(describe(new TrafficGenerator(settings(7, 0, 1)), 3000));
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        assertThat(describe(new TrafficGenerator(settings(7, 0, 1)), 200))
                .isNotEqualTo(describe(new TrafficGenerator(settings(8, 0, 1)), 200));
    }

    @Test
    void replayingToAPositionResumesTheSameSequence() {
        List<String> reference = describe(new TrafficGenerator(settings(7, 0, 1)), 1500);
        TrafficGenerator resumed = new TrafficGenerator(settings(7, 0, 1));
        resumed.skipTo(1000);

        assertThat(resumed.nextPosition()).isEqualTo(1000);
        assertThat(describe(resumed, 500)).isEqualTo(reference.subList(1000, 1500));
    }

    @Test
    void fullLoadHasTheConfiguredCountsAndSnapshotOps() {
        ShopTransaction load = new TrafficGenerator(settings(7, 0, 1)).next();

        assertThat(load.kind()).isEqualTo(TransactionKind.FULL_LOAD);
        assertThat(count(load, ShopTable.CUSTOMERS)).isEqualTo(100);
        assertThat(count(load, ShopTable.PRODUCTS)).isEqualTo(50);
        assertThat(count(load, ShopTable.ORDERS)).isEqualTo(200);
        assertThat(count(load, ShopTable.ORDER_ITEMS)).isBetween(200L, 1000L);
        assertThat(load.changes()).allMatch(change -> change.op() == 'r');
    }

    @Test
    void tasksSplitTheFullLoadAndNeverShareAnId() {
        Map<ShopTable, Set<Long>> seen = new EnumMap<>(ShopTable.class);
        Map<ShopTable, Integer> loaded = new EnumMap<>(ShopTable.class);
        for (int task = 0; task < 3; task++) {
            TrafficGenerator generator = new TrafficGenerator(settings(7, task, 3));
            for (int i = 0; i < 2000; i++) {
                ShopTransaction transaction = generator.next();
                for (RowChange change : transaction.changes()) {
                    if (change.op() == 'c' || change.op() == 'r') {
                        assertThat(seen.computeIfAbsent(change.table(), t -> new HashSet<>()).add(change.id()))
                                .as("%s id %d created once", change.table(), change.id()).isTrue();
                        assertThat((change.id() - 1) % 3).isEqualTo(task);
                    }
                    if (change.op() == 'r') {
                        loaded.merge(change.table(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(loaded).containsEntry(ShopTable.CUSTOMERS, 100).containsEntry(ShopTable.PRODUCTS, 50)
                .containsEntry(ShopTable.ORDERS, 200);
    }

    @Test
    void mixIsRespectedAndEveryKindOccurs() {
        TrafficGenerator generator = new TrafficGenerator(settings(7, 0, 1));
        generator.next();
        Map<TransactionKind, Integer> kinds = new EnumMap<>(TransactionKind.class);
        for (int i = 0; i < 20_000; i++) {
            kinds.merge(generator.next().kind(), 1, Integer::sum);
        }

        assertThat(kinds.keySet()).containsAll(Arrays.asList(TransactionKind.NEW_CUSTOMER, TransactionKind.NEW_ORDER,
                TransactionKind.ORDER_PROGRESS, TransactionKind.PRICE_CHANGE, TransactionKind.CUSTOMER_UPDATE,
                TransactionKind.ORDER_PURGE, TransactionKind.CUSTOMER_ERASE));
        assertThat(kinds.get(TransactionKind.NEW_ORDER) / 20_000.0).isBetween(0.37, 0.47);
        assertThat(kinds.get(TransactionKind.ORDER_PROGRESS) / 20_000.0).isBetween(0.30, 0.40);
    }

    @Test
    void popularProductsSellMore() {
        TrafficGenerator generator = new TrafficGenerator(settings(7, 0, 1));
        Map<Long, Integer> sold = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            for (RowChange change : generator.next().changes()) {
                if (change.table() == ShopTable.ORDER_ITEMS && change.after() != null) {
                    sold.merge((Long) change.after()[2], 1, Integer::sum);
                }
            }
        }
        List<Integer> counts = new ArrayList<>(sold.values());
        counts.sort((a, b) -> b - a);
        assertThat(counts.get(0)).as("best seller vs median").isGreaterThan(5 * counts.get(counts.size() / 2));
    }

    @Test
    void erasingACustomerDeletesTheirOrdersAndItemsByCascade() {
        TrafficGenerator generator = new TrafficGenerator(settings(7, 0, 1));
        ShopTransaction erase = null;
        for (int i = 0; i < 5000 && erase == null; i++) {
            ShopTransaction transaction = generator.next();
            if (transaction.kind() == TransactionKind.CUSTOMER_ERASE && transaction.changes().size() > 1) {
                erase = transaction;
            }
        }

        assertThat(erase).isNotNull();
        RowChange last = erase.changes().get(erase.changes().size() - 1);
        assertThat(last.table()).isEqualTo(ShopTable.CUSTOMERS);
        assertThat(last.cascaded()).isFalse();
        assertThat(erase.changes().subList(0, erase.changes().size() - 1))
                .allMatch(change -> change.op() == 'd' && change.cascaded());
    }

    private static long count(ShopTransaction transaction, ShopTable table) {
        return transaction.changes().stream().filter(change -> change.table() == table).count();
    }

    private static List<String> describe(TrafficGenerator generator, int transactions) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < transactions; i++) {
            ShopTransaction transaction = generator.next();
            StringBuilder line = new StringBuilder(transaction.position() + " " + transaction.kind());
            for (RowChange change : transaction.changes()) {
                line.append(' ').append(change.table()).append(change.op()).append(change.id())
                        .append(Arrays.toString(change.after()));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
