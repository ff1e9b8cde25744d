package dev.cdcflow.seeder.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few products sell a lot, most sell
 * little. The cumulative distribution is computed once; a draw is a binary search.
 */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
    }

    int next(SplittableRandom random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = index >= 0 ? index : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
