package dev.cdcflow.seeder.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything the sequence of transactions depends on. Two generators with equal settings produce equal
 * sequences.
 *
 * @param seed            the random seed
 * @param taskIndex       this task's index, 0-based
 * @param taskCount       how many tasks share the shop
 * @param customers       customers in the full load (all tasks together)
 * @param products        products in the full load (all tasks together)
 * @param orders          orders in the full load (all tasks together)
 * @param mix             how often each kind of transaction is drawn after the full load
 * @param popularitySkew  Zipf exponent of product popularity
 * @param cancelRatio     share of pending orders that get cancelled instead of paid
 * @param invalidEmailRatio share of new or changed emails written without an '@' (to exercise validation)
 * @param logicalStart    logical time of position 0; row timestamps are logical so that a replay is identical
 * @param logicalStep     logical time between two positions
 */
public record GeneratorSettings(long seed, int taskIndex, int taskCount, int customers, int products, int orders,
                                TrafficMix mix, double popularitySkew, double cancelRatio, double invalidEmailRatio,
                                Instant logicalStart, Duration logicalStep) {

    /** This task's share of a total: the first tasks take the remainder. */
    int share(int total) {
        return total / taskCount + (taskIndex < total % taskCount ? 1 : 0);
    }
}
