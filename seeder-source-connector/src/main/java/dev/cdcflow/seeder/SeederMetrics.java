package dev.cdcflow.seeder;

import dev.cdcflow.common.metrics.TaskGauges;
import dev.cdcflow.seeder.model.RowChange;
import dev.cdcflow.seeder.model.ShopTransaction;

/**
 * What a seeder task wrote, as gauges of the task (plugin metrics, or the task's own MBean on workers before Kafka
 * 4.1): transactions and the rows they inserted, updated and deleted (the full load's rows count as inserts), and
 * the position of the last one. Prometheus turns the counts into rates. Written by the task thread only.
 */
final class SeederMetrics {

    private volatile long transactions;
    private volatile long inserted;
    private volatile long updated;
    private volatile long deleted;
    private volatile long position;

    void register(TaskGauges gauges) {
        gauges.add("transactions-total", "Transactions written", () -> transactions);
        gauges.add("rows-inserted-total", "Rows inserted, the full load's included", () -> inserted);
        gauges.add("rows-updated-total", "Rows updated", () -> updated);
        gauges.add("rows-deleted-total", "Rows deleted, cascaded deletes included", () -> deleted);
        gauges.add("position", "Position of the last transaction written", () -> position);
    }

    void written(ShopTransaction transaction) {
        for (RowChange change : transaction.changes()) {
            switch (change.op()) {
                case 'c', 'r' -> inserted++;
                case 'u' -> updated++;
                case 'd' -> deleted++;
                default -> throw new IllegalStateException("Unknown op " + change.op());
            }
        }
        transactions++;
        position = transaction.position();
    }
}
