package dev.cdcflow.seeder.model;

import java.time.Instant;
import java.util.List;

/** One seeder transaction: its position in the task's sequence, what it does, and the rows it writes. */
public record ShopTransaction(int task, long position, TransactionKind kind, Instant logicalTime,
                             List<RowChange> changes) {
}
