package dev.cdcflow.seeder.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/** How often each kind of transaction is drawn: weights that add up to 1. */
public final class TrafficMix {

    private final TransactionKind[] kinds;
    private final double[] cumulative;

    public TrafficMix(Map<TransactionKind, Double> weights) {
        Map<TransactionKind, Double> sorted = new EnumMap<>(weights);
        kinds = sorted.keySet().toArray(TransactionKind[]::new);
        cumulative = new double[kinds.length];
        double sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += sorted.get(kinds[i]);
            cumulative[i] = sum;
        }
    }

    TransactionKind pick(SplittableRandom random) {
        double draw = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }
}
